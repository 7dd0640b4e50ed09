#!/usr/bin/env node
// kustomize, built once from the Go module proxy into .cache/bin (the k8s validation test renders the overlays
// with it). As a command it runs kustomize with the given arguments:  node scripts/lib/kustomize.mjs build deploy/k8s/overlays/dev
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasCommand, log, run } from './exec.mjs';

// v5.8 needs Go 1.27; v5.7.1 builds with the Go 1.24+ that tools/ferretdb-runner needs too.
const MODULE = 'sigs.k8s.io/kustomize/kustomize/v5';
const VERSION = 'v5.7.1';

/** The path of the pinned kustomize binary, building it first when it is missing (a minute or two). */
export function ensureKustomize(root) {
  const binary = path.join(root, '.cache', 'bin', `kustomize-${VERSION}`);
  if (existsSync(binary)) return binary;
  if (!hasCommand('go')) {
    throw new Error(`kustomize ${VERSION} is built with Go, which is missing: install Go 1.24+ (https://go.dev/doc/install)`);
  }
  log(`building kustomize ${VERSION} (first run only; a minute or two)`);
  mkdirSync(path.dirname(binary), { recursive: true });
  // Built into a folder of its own, then renamed: two test runs building at once never see half a binary.
  const buildDir = mkdtempSync(path.join(path.dirname(binary), '.kustomize-'));
  try {
    run('go', ['install', `${MODULE}@${VERSION}`], { cwd: buildDir, env: { ...process.env, GOBIN: buildDir }, stdio: ['ignore', 'ignore', 'inherit'] });
    renameSync(path.join(buildDir, 'kustomize'), binary);
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
  return binary;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  try {
    const result = spawnSync(ensureKustomize(root), process.argv.slice(2), { stdio: 'inherit' });
    process.exit(result.status ?? 1);
  } catch (error) {
    log(error.message);
    process.exit(1);
  }
}
