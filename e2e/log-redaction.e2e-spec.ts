import { eventually } from '@mediaflow/testing';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Stack } from './support/stack';

const KEY = 'k3y-that-must-never-be-logged-5e1f';

describe('HTTP logs', () => {
  const stack = new Stack({ portBase: 3880, env: { API_KEYS: `admin:${KEY}`, LOG_LEVEL: 'info', LOG_PRETTY: 'false' } });
  const logFile = path.resolve(__dirname, '..', 'test-output', 'e2e', stack.exchange, 'api-gateway.log');

  beforeAll(async () => {
    stack.start(['api-gateway']);
    await stack.waitUntilReady();
  });

  afterAll(async () => {
    await stack.stop();
    await stack.cleanUp();
  });

  it('show no API key, bearer token or cookie, however the request carried it', async () => {
    const api = stack.url('api-gateway', '/api/v1/libraries');
    expect((await fetch(api, { headers: { 'x-api-key': KEY } })).status).toBe(200);
    expect((await fetch(api, { headers: { authorization: `Bearer ${KEY}` } })).status).toBe(200);
    expect((await fetch(api, { headers: { 'x-api-key': KEY, cookie: `session=${KEY}` } })).status).toBe(200);
    expect((await fetch(`${api}?apiKey=${KEY}`, { headers: { 'x-api-key': `wrong-${KEY}` } })).status).toBe(401);
    const stream = new AbortController();
    const events = await fetch(stack.url('api-gateway', `/api/v1/jobs/events?apiKey=${KEY}`), { signal: stream.signal });
    expect(events.status).toBe(200);
    stream.abort();

    // Every one of those requests was logged (so the check below has lines to look at), the stream once closed.
    const lines = await eventually('the five requests to be logged', async () => {
      const logged = (await readFile(logFile, 'utf8')).split('\n').filter((line) => line.includes('"req":'));
      return logged.length >= 5 && logged;
    }, 30_000, 100);
    expect(lines.join('\n')).not.toContain(KEY);
    expect(lines.some((line) => line.includes('apiKey=[Redacted]'))).toBe(true);
    expect(lines.some((line) => line.includes('"x-api-key":"[Redacted]"'))).toBe(true);
    expect(lines.some((line) => line.includes('"authorization":"[Redacted]"'))).toBe(true);
    expect(lines.some((line) => line.includes('"cookie":"[Redacted]"'))).toBe(true);
    expect(await readFile(logFile, 'utf8')).not.toContain(KEY);
  });
});
