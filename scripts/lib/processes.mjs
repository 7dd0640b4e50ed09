import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { log } from './exec.mjs';

/**
 * Stops the processes this run started (the local store; other infrastructure is left as found): SIGTERM,
 * then waits up to `timeoutMs` for each to exit before it gives up on it with SIGKILL.
 */
export async function stopStarted(started, timeoutMs = 15_000) {
  await Promise.all(
    started.map(async ({ name, pid, pidFile }) => {
      if (!signal(pid, 'SIGTERM')) return;
      const deadline = Date.now() + timeoutMs;
      while (isAlive(pid) && Date.now() < deadline) await sleep(100);
      if (isAlive(pid)) {
        log(`${name} (pid ${pid}) did not stop within ${timeoutMs / 1000} s; killing it`);
        signal(pid, 'SIGKILL');
      } else {
        log(`stopped ${name} (pid ${pid})`);
      }
      rmSync(pidFile, { force: true });
    }),
  );
}

function signal(pid, name) {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false; // already gone
  }
}

function isAlive(pid) {
  return signal(pid, 0);
}
