#!/usr/bin/env node
// npm start: install, bring up a broker and a store, build, then run the seven services as separate
// processes with prefixed logs. SIGINT (Ctrl-C), SIGTERM or SIGHUP stops every service (each within its
// shutdown timeout) and the store this run started; the exit code is 0 when all of them stopped cleanly
// on request, 1 otherwise. `npm start -- --no-build` runs what is already built.
// Static imports are node: and our own modules only: third-party packages exist only once
// ensureDependencies has run (the lint rule for scripts/ in eslint.config.mjs holds this).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, ensureInfrastructure } from './infra.mjs';
import { build, ensureDependencies } from './lib/deps.mjs';
import { log } from './lib/exec.mjs';
import { waitForHealth } from './lib/health.mjs';
import { ensureMediaTools } from './lib/media-tools.mjs';
import { stopStarted } from './lib/processes.mjs';
import { DEFAULT_PORT_BASE, nodeFlagsOf, servicesOnPorts } from './lib/services.mjs';
import { stopRequested } from './lib/stop-requests.mjs';

/** How long after a stop request a service that is still running is killed: its own timeout, plus margin. */
const KILL_AFTER_MS = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 30_000) + 15_000;

const { values: options } = parseArgs({ options: { 'no-build': { type: 'boolean', default: false } } });
const services = servicesOnPorts(Number(process.env.MEDIAFLOW_HTTP_PORT_BASE ?? DEFAULT_PORT_BASE));

ensureDependencies(ROOT);
try {
  ensureMediaTools(); // ffmpeg, libheif, perl: HEIC, RAW and video (docs/architecture.md, Media decoders)
} catch (error) {
  // The stack runs without them: a file that needs a missing tool is a failed item whose reason names it.
  log(error.message);
}
const infra = await ensureInfrastructure().catch((error) => {
  log(error.message);
  process.exit(1);
});
let stopReason;
const stopRequest = stopRequested().then((reason) => (stopReason = reason));
try {
  if (!options['no-build']) build(ROOT);
} catch (error) {
  log(error.message);
  await stopStarted(infra.started);
  process.exit(1);
}

const { default: concurrently } = await import('concurrently');
if (stopReason) {
  // Asked to stop while installing or building: there is nothing to stop but the store.
  await stopStarted(infra.started);
  process.exit(0);
}
const env = { AMQP_URL: infra.amqpUrl, MONGO_URL: infra.mongoUrl, LOG_PRETTY: process.env.LOG_PRETTY ?? 'true' };
const { result, commands } = concurrently(
  services.map((service) => ({
    name: service.name,
    command: ['node', ...nodeFlagsOf(ROOT, service.name), path.join('apps', service.name, 'dist', 'main.js')].join(' '),
    env: { ...env, HTTP_PORT: String(service.port) },
    prefixColor: service.color,
  })),
  { cwd: ROOT, prefix: 'name', padPrefix: true, handleInput: false },
);

// Each service gets one stop signal: a second one would end it at once, in the middle of its shutdown.
let stopping = false;
const stopServices = ({ signalThem }) => {
  if (stopping) return;
  stopping = true;
  if (signalThem) commands.forEach((command) => command.kill('SIGTERM'));
  setTimeout(() => {
    log(`services still running ${KILL_AFTER_MS / 1000} s after the stop request; killing them`);
    commands.forEach((command) => command.kill('SIGKILL'));
  }, KILL_AFTER_MS).unref();
};
// concurrently passes a signal this process receives on to every service itself; a parent that went away
// sent none, so then the services get the SIGTERM an orchestrator would send.
void stopRequest.then((reason) => stopServices({ signalThem: reason === 'parent gone' }));
commands.forEach((command) =>
  command.close.subscribe(() => {
    if (stopping) return;
    log(`${command.name} ended on its own; stopping the others`);
    stopServices({ signalThem: true });
  }),
);

waitForHealth(services).then(
  () => log(`Mediaflow is up. Dashboard: http://localhost:${services[0].port}/ (API key dev-admin-key), API: http://localhost:${services[0].port}/api/v1 — Ctrl-C stops everything.`),
  (error) => log(error.message),
);

const closeEvents = await result.catch((events) => events);
const endings = closeEvents.map((event) => `${event.command.name} ${event.exitCode}`);
log(`services ended: ${endings.join(', ')}`);
await stopStarted(infra.started);
process.exit(stopReason && closeEvents.every(endedOnRequest) ? 0 : 1);

/** A service that stopped on request exits 0, or by the stop signal that Nest re-raises after its shutdown hooks. */
function endedOnRequest(event) {
  return event.exitCode === 0 || (typeof event.exitCode === 'string' && event.exitCode !== 'SIGKILL');
}
