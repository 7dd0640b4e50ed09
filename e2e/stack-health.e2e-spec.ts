import { eventually } from '@mediaflow/testing';
import { fetchJson, SERVICE_NAMES, Stack } from './support/stack';

describe('the seven services', () => {
  const sut = new Stack({ portBase: 3100 });

  afterAll(async () => {
    await sut.stop();
    await sut.cleanUp();
  });

  it('each boot as a separate process and report ready on /health (broker and store up)', async () => {
    sut.start();

    for (const name of SERVICE_NAMES) {
      const health = await eventually(`${name} /health to report ready`, async () => {
        const { status, body } = await fetchJson(sut.url(name, '/health'));
        return status === 200 ? body : undefined;
      }, 120_000, 250);
      expect(health).toMatchObject({ status: 'ok', details: { broker: { status: 'up' }, store: { status: 'up' } } });
    }
  });

  it('each serve Prometheus metrics', async () => {
    for (const name of SERVICE_NAMES) {
      const response = await fetch(sut.url(name, '/metrics'));
      expect(await response.text()).toContain(`service="${name}"`);
    }
  });

  it('each stop on SIGTERM after their shutdown hooks, without being killed', async () => {
    const endings = await sut.stop();

    expect(endings).toEqual(Object.fromEntries(SERVICE_NAMES.map((name) => [name, 'SIGTERM'])));
  });
});
