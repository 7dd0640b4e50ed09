#!/usr/bin/env node
// npm run bench: benchmarks (not tests). Each section reports figures against a baseline measured in the
// same run, because this machine is shared and noisy. Writes bench/out/latest.json and prints a table.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, ensureInfrastructure } from './infra.mjs';
import { build, ensureDependencies } from './lib/deps.mjs';
import { log } from './lib/exec.mjs';
import { ensureMediaTools } from './lib/media-tools.mjs';
import { stopStarted } from './lib/processes.mjs';

ensureDependencies(ROOT);
ensureMediaTools(); // the render bench decodes HEIC, RAW and video, and makes its HEIC files with heif-enc
const infra = await ensureInfrastructure();
build(ROOT);

const sections = {
  messaging: async () => (await import('../bench/messaging.bench.mjs')).runMessagingBench(infra),
  scan: () => runTypeScriptSection('bench/scan.bench.ts'),
  render: () => runTypeScriptSection('bench/render.bench.ts'),
  watch: () => runTypeScriptSection('bench/watch.bench.ts'),
  scale: () => runTypeScriptSection('bench/scale.bench.ts'),
  store: () => runTypeScriptSection('bench/store.bench.ts'),
};

/** Runs a TypeScript bench in its own process (swc on the fly) and returns the figures it reported. */
function runTypeScriptSection(file) {
  const result = spawnSync(process.execPath, ['-r', 'reflect-metadata', '-r', '@swc-node/register', file], {
    cwd: ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.lint.json', AMQP_URL: infra.amqpUrl, MONGO_URL: infra.mongoUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = result.stdout.split('\n').find((candidate) => candidate.startsWith('BENCH_RESULT '));
  if (result.status !== 0 || !line) throw new Error(`${file} failed (exit ${result.status})`);
  return JSON.parse(line.slice('BENCH_RESULT '.length));
}
const only = process.argv.slice(2);
const ran = Object.keys(sections).filter((name) => only.length === 0 || only.includes(name));
const results = { machine: { cores: (await import('node:os')).cpus().length, node: process.version }, startedAt: new Date().toISOString() };
try {
  for (const name of ran) {
    log(`bench: ${name}`);
    try {
      Object.assign(results, await sections[name]());
    } catch (error) {
      log(`bench ${name} failed: ${error.message}`);
      results[`${name}.error`] = error.message;
    }
  }
} finally {
  await stopStarted(infra.started);
}

const outDir = path.join(ROOT, 'bench', 'out');
const outFile = path.join(outDir, 'latest.json');
mkdirSync(outDir, { recursive: true });
// Running some sections keeps the other sections' last figures; a section that ran replaces all of its own, so
// a figure it no longer reports does not linger beside the new ones.
const previous = existsSync(outFile) ? JSON.parse(readFileSync(outFile, 'utf8')) : {};
const kept = Object.fromEntries(Object.entries(previous).filter(([key]) => !ran.includes(key.split('.')[0])));
writeFileSync(outFile, `${JSON.stringify({ ...kept, ...results }, null, 2)}\n`);
console.table(Object.entries(results).filter(([, value]) => typeof value === 'number').map(([key, value]) => ({ key, value })));
log(`written to ${path.relative(ROOT, outFile)}`);
process.exit(0);
