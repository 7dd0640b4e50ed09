import { log } from './exec.mjs';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Resolves once this process is asked to stop, with what asked: SIGINT (Ctrl-C), SIGTERM (systemd, an
 * IDE's stop button, `kill PID`), SIGHUP (a closed terminal), or 'parent gone'. The last covers a parent
 * that dies without passing a signal on: npm forwards only SIGINT and SIGTERM to its script, so a SIGHUP
 * (or SIGKILL) to `npm start` ends npm alone and leaves this process orphaned; it notices because its
 * parent process id changes.
 */
export function stopRequested({ parentPollMs = 1_000 } = {}) {
  return new Promise((resolve) => {
    const parent = process.ppid;
    const done = (reason) => {
      STOP_SIGNALS.forEach((signal) => process.off(signal, onSignal));
      clearInterval(parentWatch);
      log(`stop requested (${reason})`);
      resolve(reason);
    };
    const onSignal = (signal) => done(signal);
    STOP_SIGNALS.forEach((signal) => process.on(signal, onSignal));
    const parentWatch = setInterval(() => {
      if (process.ppid !== parent) done('parent gone');
    }, parentPollMs);
    parentWatch.unref();
  });
}
