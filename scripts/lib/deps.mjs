import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { log, run } from './exec.mjs';

/** Installs the locked dependencies when node_modules is missing or older than package-lock.json. */
export function ensureDependencies(root) {
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root });
}

export function build(root) {
  log('building (tsc -b)');
  run(path.join(root, 'node_modules', '.bin', 'tsc'), ['-b', 'tsconfig.build.json'], { cwd: root });
}
