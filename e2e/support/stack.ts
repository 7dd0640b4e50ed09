import { DEFAULT_MESSAGING_OPTIONS, QueueNames } from '@mediaflow/messaging';
import { BrokerAdmin, dropTestDatabase, eventually, testBrokerUrl, testStoreUrl, uniqueName } from '@mediaflow/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const SERVICE_NAMES = [
  'api-gateway',
  'scheduler',
  'watcher',
  'scan-worker',
  'thumbnail-worker',
  'cache-worker',
  'job-tracker',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

const ROOT = path.resolve(__dirname, '..', '..');

export interface StackService {
  name: ServiceName;
  /** The service name, or `<name>@<port>` for an extra replica (startReplica). */
  label: string;
  port: number;
  process: ChildProcess;
  /** How the process ended: its exit code, or the signal that ended it. */
  exited: Promise<string>;
}

export interface StackOptions {
  /** First HTTP port; services get consecutive ports. Away from npm start's 3000-3006. */
  portBase?: number;
  env?: Record<string, string>;
}

/**
 * The seven built services as separate processes on the real broker and store, isolated from anything
 * else on them by their own exchange (so their own queues) and database. Logs go to test-output/e2e/.
 */
export class Stack {
  readonly exchange = uniqueName('mf_e2e');
  readonly database = uniqueName('mf_e2e');
  readonly services: StackService[] = [];

  constructor(private readonly options: StackOptions = {}) {}

  /** The process start() began for `name` (not an extra replica). */
  service(name: ServiceName): StackService {
    const service = this.services.find((candidate) => candidate.name === name);
    if (!service) throw new Error(`${name} is not running`);
    return service;
  }

  url(name: ServiceName, route = ''): string {
    return `http://127.0.0.1:${this.service(name).port}${route}`;
  }

  start(names: readonly ServiceName[] = SERVICE_NAMES): void {
    names.forEach((name) => this.spawnService(name, (this.options.portBase ?? 3100) + SERVICE_NAMES.indexOf(name), name));
  }

  /**
   * Starts one more process of `name` on `port` (another replica on the same exchange and database);
   * url(name) keeps answering the one start() began. Its log is test-output/e2e/<exchange>/<name>@<port>.log.
   */
  startReplica(name: ServiceName, port: number, env: Record<string, string> = {}): StackService {
    return this.spawnService(name, port, `${name}@${port}`, env);
  }

  private spawnService(name: ServiceName, port: number, label: string, env: Record<string, string> = {}): StackService {
    const logDir = path.join(ROOT, 'test-output', 'e2e', this.exchange);
    mkdirSync(logDir, { recursive: true });
    const child = spawn(process.execPath, [...profilingArgs(name), ...nodeFlagsOf(name), path.join(ROOT, 'apps', name, 'dist', 'main.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        AMQP_URL: testBrokerUrl(),
        MONGO_URL: testStoreUrl(),
        MONGO_DB: this.database,
        AMQP_EXCHANGE: this.exchange,
        HTTP_PORT: String(port),
        LOG_LEVEL: 'info',
        ...this.options.env,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(path.join(logDir, `${label}.log`));
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)));
    const service: StackService = { name, label, port, process: child, exited };
    this.services.push(service);
    return service;
  }

  /** Waits until every started service reports ready on /health. */
  async waitUntilReady(timeoutMs = 120_000): Promise<void> {
    const ended = new Map<StackService, string>();
    this.services.forEach((service) => void service.exited.then((how) => ended.set(service, how)));
    for (const service of this.services) {
      await eventually(`${service.label} to report ready`, async () => {
        // A service that died (e.g. its port was taken) must fail the wait, not let another process answer.
        const end = ended.get(service);
        if (end) throw new Error(`${service.label} ended (${end}) before it was ready; see test-output/e2e/${this.exchange}/${service.label}.log`);
        return (await fetchJson(`http://127.0.0.1:${service.port}/health`)).status === 200;
      }, timeoutMs, 250);
    }
  }

  /**
   * SIGTERM to every service; resolves with how each ended. Nest re-raises SIGTERM after its shutdown
   * hooks ran, so a clean stop reads 'SIGTERM'; one that hung past the timeout reads 'SIGKILL'.
   * Keyed by label (extra replicas: `<name>@<port>`); one the test already killed reads how it ended.
   */
  async stop(timeoutMs = 40_000): Promise<Record<string, string>> {
    const codes: Record<string, string> = {};
    await Promise.all(
      this.services.map(async (service) => {
        if (service.process.exitCode === null && service.process.signalCode === null) service.process.kill('SIGTERM');
        const timer = setTimeout(() => service.process.kill('SIGKILL'), timeoutMs);
        codes[service.label] = await service.exited;
        clearTimeout(timer);
      }),
    );
    return codes;
  }

  /** Deletes the stack's queues, exchange and database. */
  async cleanUp(): Promise<void> {
    await dropTestDatabase(this.database);
    await deleteServiceQueues(this.exchange, this.options.env?.MESSAGE_RETRY_DELAYS_MS);
  }
}

/**
 * Deletes the queues the seven services declared on `exchange`, and the exchange. `retryDelays` is the
 * MESSAGE_RETRY_DELAYS_MS they ran with (one retry queue per delay), else the transport's defaults.
 */
export async function deleteServiceQueues(exchange: string, retryDelays?: string): Promise<void> {
  const delaysMs = retryDelays ? retryDelays.split(',').map((delay) => Number(delay.trim())) : DEFAULT_MESSAGING_OPTIONS.retryDelaysMs;
  const admin = await BrokerAdmin.connect();
  try {
    const queues = SERVICE_NAMES.flatMap((service) => {
      const names = new QueueNames({ exchange, consumerGroup: service });
      return [names.main, names.deadLetter, ...delaysMs.map((delayMs) => names.retry(delayMs))];
    });
    await admin.deleteExchangeAndQueues(exchange, queues);
  } finally {
    await admin.close();
  }
}

export async function fetchJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** The node flags the app asks for in its package.json, as `npm start` and the Dockerfile pass them (scripts/lib/services.mjs). */
function nodeFlagsOf(name: ServiceName): string[] {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'apps', name, 'package.json'), 'utf8')) as { mediaflow?: { nodeFlags?: string[] } };
  return manifest.mediaflow?.nodeFlags ?? [];
}

/** With PROF_DIR set, each service writes its CPU profile to PROF_DIR/<service> when it exits (README). */
function profilingArgs(name: ServiceName): string[] {
  const dir = process.env['PROF_DIR'];
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(dir, name)}`] : [];
}
