import { spawn } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dockerComposeUp, dockerEngineAnswers } from './docker.mjs';
import { log } from './exec.mjs';
import { buildFerretdbRunner } from './ferretdb-build.mjs';
import { hostPortOf, isListening, waitForPort } from './net.mjs';

const LOCAL_URL = 'mongodb://127.0.0.1:27017';

/**
 * A reachable MongoDB-compatible store, in this order: MONGO_URL; one already on the standard local port;
 * docker compose (real MongoDB); FerretDB with SQLite, built from tools/ferretdb-runner. Returns its URL
 * and, when this call started a process, its pid.
 */
export async function ensureStore({ root, env = process.env }) {
  if (env.MONGO_URL) {
    const { host, port } = hostPortOf(env.MONGO_URL, 27017);
    await waitForPort(host, port, 30_000, 'The store at MONGO_URL');
    return { url: env.MONGO_URL, source: 'MONGO_URL' };
  }
  if (await isListening('127.0.0.1', 27017)) return { url: LOCAL_URL, source: 'local port 27017' };
  if (dockerEngineAnswers()) {
    dockerComposeUp(root, ['mongo']);
    await waitForPort('127.0.0.1', 27017, 120_000, 'MongoDB (docker compose)');
    return { url: LOCAL_URL, source: 'docker compose' };
  }
  const binary = buildFerretdbRunner(root);
  const dataDir = path.join(root, '.data', 'ferretdb');
  mkdirSync(dataDir, { recursive: true });
  const logFile = path.join(root, '.data', 'ferretdb.log');
  log(`starting FerretDB (SQLite) on 127.0.0.1:27017, data in ${path.relative(root, dataDir)}, log in ${path.relative(root, logFile)}`);
  const out = openSync(logFile, 'a');
  const child = spawn(binary, ['-listen', '127.0.0.1:27017', '-data', dataDir], {
    detached: true,
    stdio: ['ignore', out, out],
  });
  child.unref();
  writeFileSync(path.join(root, '.data', 'ferretdb.pid'), String(child.pid));
  await waitForPort('127.0.0.1', 27017, 60_000, `FerretDB (see ${logFile})`);
  return { url: LOCAL_URL, source: 'FerretDB (local process)', pid: child.pid };
}
