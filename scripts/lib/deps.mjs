import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { log, run } from './exec.mjs';

/** Installs the locked dependencies when node_modules is missing or older than package-lock.json. */
export function ensureDependencies(root) {
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing dependencies (npm ci)');
  try {
    run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root });
  } catch {
    // A registry mirror that serves only this platform's optional packages (e.g. @swc/core-<os>-<cpu>)
    // leaves them out of the lock file, and npm ci then refuses it as out of sync; npm install accepts it.
    log('npm ci refused the lock file; installing with npm install instead');
    run('npm', ['install', '--no-audit', '--no-fund'], { cwd: root });
  }
}

export function build(root) {
  log('building (tsc -b)');
  run(path.join(root, 'node_modules', '.bin', 'tsc'), ['-b', 'tsconfig.build.json'], { cwd: root });
  // The dashboard is a browser app with a tsconfig of its own (DOM, JSX); the gateway serves its dist.
  log('building the dashboard (tsc, vite build)');
  run(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'apps/dashboard/tsconfig.json'], { cwd: root });
  run(path.join(root, 'node_modules', '.bin', 'vite'), ['build', '--config', 'apps/dashboard/vite.config.mts', '--logLevel', 'warn'], { cwd: root });
}
