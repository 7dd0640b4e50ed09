#!/usr/bin/env node
// npm run bench: benchmarks (not tests). Each section reports figures against a baseline measured in the
// same run, because this machine is shared and noisy. Writes bench/out/latest.json and prints a table.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, ensureInfrastructure } from './infra.mjs';
import { build, ensureDependencies } from './lib/deps.mjs';
import { log } from './lib/exec.mjs';
import { stopStarted } from './lib/processes.mjs';

ensureDependencies(ROOT);
const infra = await ensureInfrastructure();
build(ROOT);

const sections = {
  messaging: async () => (await import('../bench/messaging.bench.mjs')).runMessagingBench(infra),
};
const only = process.argv.slice(2);
const results = { machine: { cores: (await import('node:os')).cpus().length, node: process.version }, startedAt: new Date().toISOString() };
try {
  for (const [name, run] of Object.entries(sections)) {
    if (only.length > 0 && !only.includes(name)) continue;
    log(`bench: ${name}`);
    Object.assign(results, await run());
  }
} finally {
  stopStarted(ROOT, infra.startedPids);
}

const outDir = path.join(ROOT, 'bench', 'out');
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
console.table(Object.entries(results).filter(([, value]) => typeof value === 'number').map(([key, value]) => ({ key, value })));
log(`written to ${path.relative(ROOT, path.join(outDir, 'latest.json'))}`);
process.exit(0);
