import { pathToFileURL } from 'node:url';
import { hasCommand, log, run } from './exec.mjs';

/**
 * The system tools the render workers decode HEIF, camera RAW and video with, and the Debian package of
 * each: ffmpeg/ffprobe (poster frames, video metadata), heif-convert (HEIC/HEIF decoding; heif-enc of the
 * same package makes the tests' HEIC files), perl (exiftool-vendored's ExifTool script: RAW previews and
 * HEIF/RAW metadata) and prlimit (the memory bound of one decoder run; util-linux, in every Debian).
 */
const TOOLS = [
  ['ffmpeg', 'ffmpeg'],
  ['ffprobe', 'ffmpeg'],
  ['heif-convert', 'libheif-examples'],
  ['heif-enc', 'libheif-examples'],
  ['perl', 'perl'],
  ['prlimit', 'util-linux'],
];

/**
 * Installs what is missing of them (as root, with apt-get), as chromium is for the browser tests. Without
 * them the services still run: a file that needs a missing tool is a failed item whose reason names it.
 */
export function ensureMediaTools() {
  const packages = [...new Set(TOOLS.filter(([command]) => !hasCommand(command)).map(([, pkg]) => pkg))];
  if (packages.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !hasCommand('apt-get')) {
    throw new Error(`Missing media tools for HEIC, RAW and video. Install Debian's ${packages.join(' ')} ('sudo apt-get install ${packages.join(' ')}').`);
  }
  log(`installing ${packages.join(', ')} from Debian packages (HEIC, camera RAW and video decoding)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { env });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) ensureMediaTools();
