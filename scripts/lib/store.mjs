import { spawn } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dockerComposeUp, dockerEngineAnswers } from './docker.mjs';
import { log } from './exec.mjs';
import { buildFerretdbRunner } from './ferretdb-build.mjs';
import { hostPortOf, isListening, waitForPort } from './net.mjs';

export const DEFAULT_STORE_PORT = 27017;

/**
 * A reachable MongoDB-compatible store, in this order: MONGO_URL; one already on the local store port
 * (MEDIAFLOW_STORE_PORT, default 27017); docker compose (real MongoDB, default port only); FerretDB with
 * SQLite, built from tools/ferretdb-runner, on that port. Returns its URL and, when this call started a
 * process, what stopStarted needs to stop it.
 */
export async function ensureStore({ root, env = process.env }) {
  if (env.MONGO_URL) {
    const { host, port } = hostPortOf(env.MONGO_URL, DEFAULT_STORE_PORT);
    await waitForPort(host, port, 30_000, `The store at MONGO_URL`);
    return { url: env.MONGO_URL, source: 'MONGO_URL' };
  }
  const port = storePort(env);
  const url = `mongodb://127.0.0.1:${port}`;
  if (await isListening('127.0.0.1', port)) return { url, source: `local port ${port}` };
  if (port === DEFAULT_STORE_PORT && dockerEngineAnswers()) {
    dockerComposeUp(root, ['mongo']);
    await waitForPort('127.0.0.1', port, 120_000, 'MongoDB (docker compose)');
    return { url, source: 'docker compose' };
  }
  const binary = buildFerretdbRunner(root);
  const files = localStoreFiles(root, port);
  mkdirSync(files.dataDir, { recursive: true });
  log(`starting FerretDB (SQLite) on 127.0.0.1:${port}, data in ${path.relative(root, files.dataDir)}, log in ${path.relative(root, files.logFile)}`);
  const out = openSync(files.logFile, 'a');
  const child = spawn(binary, ['-listen', `127.0.0.1:${port}`, '-data', files.dataDir], {
    detached: true,
    stdio: ['ignore', out, out],
  });
  child.unref();
  writeFileSync(files.pidFile, String(child.pid));
  await waitForPort('127.0.0.1', port, 60_000, `FerretDB (see ${files.logFile})`);
  return { url, source: 'FerretDB (local process)', started: { name: 'FerretDB', pid: child.pid, pidFile: files.pidFile } };
}

function storePort(env) {
  const port = Number(env.MEDIAFLOW_STORE_PORT ?? DEFAULT_STORE_PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`MEDIAFLOW_STORE_PORT must be a TCP port (1-65535), not '${env.MEDIAFLOW_STORE_PORT}'`);
  }
  return port;
}

/** The local store's data folder, log and pid file: .data/ferretdb* (with the port unless it is 27017). */
export function localStoreFiles(root, port) {
  const name = port === DEFAULT_STORE_PORT ? 'ferretdb' : `ferretdb-${port}`;
  const dataRoot = path.join(root, '.data');
  return { dataDir: path.join(dataRoot, name), logFile: path.join(dataRoot, `${name}.log`), pidFile: path.join(dataRoot, `${name}.pid`) };
}
