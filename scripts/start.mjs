#!/usr/bin/env node
// npm start: install, bring up a broker and a store, build, then run the seven services as separate
// processes with prefixed logs. Ctrl-C stops them all.
import concurrently from 'concurrently';
import path from 'node:path';
import { ROOT, ensureInfrastructure } from './infra.mjs';
import { build, ensureDependencies } from './lib/deps.mjs';
import { log } from './lib/exec.mjs';
import { waitForHealth } from './lib/health.mjs';
import { stopStarted } from './lib/processes.mjs';
import { SERVICES } from './lib/services.mjs';

ensureDependencies(ROOT);
(await import('./lib/media-tools.mjs')).ensureMediaTools(); // ffmpeg, libheif, perl: HEIC, RAW and video (docs/architecture.md, Media decoders)
const infra = await ensureInfrastructure().catch((error) => {
  log(error.message);
  process.exit(1);
});
build(ROOT);

const env = { AMQP_URL: infra.amqpUrl, MONGO_URL: infra.mongoUrl, LOG_PRETTY: process.env.LOG_PRETTY ?? 'true' };
const { result } = concurrently(
  SERVICES.map((service) => ({
    name: service.name,
    command: `node ${path.join('apps', service.name, 'dist', 'main.js')}`,
    env: { ...env, HTTP_PORT: String(service.port) },
    prefixColor: service.color,
  })),
  { cwd: ROOT, killOthersOn: ['failure'], prefix: 'name', padPrefix: true, handleInput: false },
);

waitForHealth(SERVICES).then(
  () => log(`Mediaflow is up. Dashboard: http://localhost:${SERVICES[0].port}/ (API key dev-admin-key), API: http://localhost:${SERVICES[0].port}/api/v1 — Ctrl-C stops everything.`),
  (error) => log(error.message),
);

const stop = () => stopStarted(ROOT, infra.startedPids);
result.then(stop, () => {
  stop();
  process.exitCode = 1;
});
