import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { hasCommand, log, run } from './exec.mjs';

/** Where Debian's chromium package puts the browser the dashboard's browser tests drive. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Installs Debian's chromium for the dashboard's browser tests when it is missing (as root, with apt-get).
 * playwright-core brings no browser of its own; this one is the distribution's, kept up to date by apt.
 */
export function ensureChromium() {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !hasCommand('apt-get')) {
    throw new Error(
      `No browser at ${CHROMIUM_PATH} for the dashboard tests. Install Debian's chromium ('sudo apt-get install chromium').`,
    );
  }
  log('installing chromium from Debian packages (for the dashboard browser tests)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { env });
  return CHROMIUM_PATH;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) ensureChromium();
