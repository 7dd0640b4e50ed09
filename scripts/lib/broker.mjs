import { spawnSync } from 'node:child_process';
import { hasCommand, log, run, succeeds } from './exec.mjs';
import { hostPortOf, isListening, waitForPort } from './net.mjs';
import { dockerComposeUp, dockerEngineAnswers } from './docker.mjs';

const LOCAL_URL = 'amqp://guest:guest@127.0.0.1:5672';

/**
 * A reachable RabbitMQ, in this order: AMQP_URL; one already on the standard local port; docker compose;
 * Debian's rabbitmq-server started as a local process. Returns its URL.
 */
export async function ensureBroker({ root, env = process.env }) {
  if (env.AMQP_URL) {
    const { host, port } = hostPortOf(env.AMQP_URL, 5672);
    await waitForPort(host, port, 30_000, `The broker at AMQP_URL`);
    return { url: env.AMQP_URL, source: 'AMQP_URL' };
  }
  if (await isListening('127.0.0.1', 5672)) return { url: LOCAL_URL, source: 'local port 5672' };
  if (dockerEngineAnswers()) {
    dockerComposeUp(root, ['rabbitmq']);
    await waitForPort('127.0.0.1', 5672, 120_000, 'RabbitMQ (docker compose)');
    return { url: LOCAL_URL, source: 'docker compose' };
  }
  installRabbitmqIfMissing();
  log('starting rabbitmq-server as a local process');
  run('rabbitmq-server', ['-detached']);
  await waitForPort('127.0.0.1', 5672, 120_000, 'rabbitmq-server');
  await waitForBrokerBoot();
  return { url: LOCAL_URL, source: 'local rabbitmq-server' };
}

function installRabbitmqIfMissing() {
  if (hasCommand('rabbitmq-server')) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !hasCommand('apt-get')) {
    throw new Error(
      'No RabbitMQ found. Set AMQP_URL to an existing broker, start Docker, or install RabbitMQ ' +
        "(Debian/Ubuntu: 'sudo apt-get install rabbitmq-server').",
    );
  }
  log('installing rabbitmq-server from Debian packages');
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', 'rabbitmq-server'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** The port opens before the broker accepts logins; rabbitmqctl await_startup waits for the real thing. */
async function waitForBrokerBoot() {
  if (!hasCommand('rabbitmqctl')) return;
  const result = spawnSync('rabbitmqctl', ['await_startup', '--timeout', '120'], { stdio: 'ignore' });
  if (result.status !== 0 && !succeeds('rabbitmqctl', ['status'])) {
    throw new Error('rabbitmq-server started but did not finish booting; see /var/log/rabbitmq');
  }
}
