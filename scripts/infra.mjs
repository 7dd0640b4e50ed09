#!/usr/bin/env node
// Makes sure a broker and a store are reachable and prints their URLs (used by npm start and npm test).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBroker } from './lib/broker.mjs';
import { log } from './lib/exec.mjs';
import { ensureStore } from './lib/store.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The broker's and the store's URLs, and the processes this call started (for stopStarted). */
export async function ensureInfrastructure() {
  const broker = await ensureBroker({ root: ROOT });
  log(`broker: ${broker.source}`);
  const store = await ensureStore({ root: ROOT });
  log(`store: ${store.source}`);
  return { amqpUrl: broker.url, mongoUrl: store.url, started: [store.started].filter(Boolean) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureInfrastructure().then(
    ({ amqpUrl, mongoUrl }) => {
      process.stdout.write(`AMQP_URL=${amqpUrl}\nMONGO_URL=${mongoUrl}\n`);
    },
    (error) => {
      log(error.message);
      process.exit(1);
    },
  );
}
