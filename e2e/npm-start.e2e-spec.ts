import { eventually, testBrokerUrl, uniqueName } from '@mediaflow/testing';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { deleteServiceQueues } from './support/stack';
import { commandLineOf, isRunning, processTree } from './support/process-tree';

const ROOT = path.resolve(__dirname, '..');
const PORT_BASE = 3860;
const STORE_PORT = 27_317;

interface StartedRun {
  npmPid: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `npm start` as a user runs it (already built, so `-- --no-build`), on its own HTTP ports, its own
 * exchange, and a FerretDB of its own that it starts itself on a private port.
 */
function npmStart(exchange: string): StartedRun {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AMQP_URL: testBrokerUrl(),
    AMQP_EXCHANGE: exchange,
    MEDIAFLOW_HTTP_PORT_BASE: String(PORT_BASE),
    MEDIAFLOW_STORE_PORT: String(STORE_PORT),
    LOG_PRETTY: 'false',
  };
  delete env['MONGO_URL']; // so that it starts (and must stop) a store of its own
  const child = spawn('npm', ['start', '--', '--no-build'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { npmPid: child.pid as number, output: () => output, exited };
}

describe('npm start', () => {
  const exchange = uniqueName('mf_npm_start');

  afterAll(async () => {
    await deleteServiceQueues(exchange);
    rmSync(path.join(ROOT, '.data', `ferretdb-${STORE_PORT}`), { recursive: true, force: true });
    rmSync(path.join(ROOT, '.data', `ferretdb-${STORE_PORT}.log`), { force: true });
  });

  // npm passes SIGINT and SIGTERM on to the script and waits for it; a SIGHUP ends npm at once, and the
  // script notices that its parent is gone.
  it.each([
    ['SIGTERM', { code: 0, signal: null }],
    ['SIGINT', { code: 0, signal: null }],
    ['SIGHUP', { code: null, signal: 'SIGHUP' }],
  ] as const)('stops every service and the store it started on %s to the npm process', async (signal, npmEnding) => {
    const run = npmStart(exchange);
    await eventually('npm start to report the stack up', () => run.output().includes('Mediaflow is up'), 180_000, 250);
    const processes = processTree(run.npmPid);
    // Each service is a node process under the `sh -c` that concurrently starts it with.
    const services = processes.filter((pid) => /^\S*node .*\/dist\/main\.js/.test(commandLineOf(pid)));
    const store = processes.filter((pid) => /^\S*ferretdb-runner /.test(commandLineOf(pid)));
    expect(services).toHaveLength(7);
    expect(store).toHaveLength(1);

    process.kill(run.npmPid, signal);

    expect(await run.exited).toEqual(npmEnding);
    await eventually('every process npm start began to end', () => processes.every((pid) => !isRunning(pid)), 60_000, 250);
    const ended = run.output().match(/services ended: (.*)/)?.[1] ?? '';
    expect(ended.split(', ')).toHaveLength(7);
    expect(ended).not.toContain('SIGKILL');
    expect(run.output()).toContain('stopped FerretDB');
  });
});
