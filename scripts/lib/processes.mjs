import { rmSync } from 'node:fs';
import path from 'node:path';
import { log } from './exec.mjs';

/** Stops the store process that this run started (other infrastructure is left as found). */
export function stopStarted(root, pids) {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
      log(`stopped FerretDB (pid ${pid})`);
    } catch {
      // already gone
    }
  }
  if (pids.length > 0) rmSync(path.join(root, '.data', 'ferretdb.pid'), { force: true });
}
