#!/usr/bin/env node
// npm test: install, bring up a broker and a store, build, lint, then unit, integration and e2e tests.
// Extra arguments go to jest (e.g. `npm test -- --selectProjects unit`).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, ensureInfrastructure } from './infra.mjs';
import { ensureChromium } from './lib/chromium.mjs';
import { testFerretdbPatches } from './lib/ferretdb-build.mjs';
import { build, ensureDependencies } from './lib/deps.mjs';
import { log, run } from './lib/exec.mjs';
import { ensureMediaTools } from './lib/media-tools.mjs';
import { stopStarted } from './lib/processes.mjs';

ensureDependencies(ROOT);
ensureChromium(); // the dashboard's browser tests (e2e/dashboard.e2e-spec.ts) drive it
ensureMediaTools(); // ffmpeg, libheif, perl: HEIC, RAW and video (docs/architecture.md, Media decoders)
const infra = await ensureInfrastructure().catch((error) => {
  log(error.message);
  process.exit(1);
});

let status = 1;
try {
  build(ROOT);
  testFerretdbPatches(ROOT);
  // The build leaves tests out and jest's swc transform does not type-check, so check everything once here.
  log('type-checking tests (tsc -p tsconfig.lint.json)');
  run(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.lint.json', '--noEmit'], { cwd: ROOT });
  log('linting (module boundaries, floating promises)');
  run(path.join(ROOT, 'node_modules', '.bin', 'nx'), ['show', 'projects'], { cwd: ROOT, stdio: 'ignore' });
  run(path.join(ROOT, 'node_modules', '.bin', 'eslint'), ['--max-warnings=0', '.'], { cwd: ROOT });
  const jest = path.join(ROOT, 'node_modules', '.bin', 'jest');
  const args = ['--ci', '--maxWorkers=3', ...process.argv.slice(2)];
  const env = { ...process.env, AMQP_URL: infra.amqpUrl, MONGO_URL: infra.mongoUrl, TZ: 'UTC' };
  status = spawnSync(jest, args, { cwd: ROOT, stdio: 'inherit', env }).status ?? 1;
} catch (error) {
  log(error.message);
} finally {
  await stopStarted(infra.started);
}
process.exit(status);
