import { createHash } from 'node:crypto';
import { close, closeSync, fstat, fstatSync, open, openSync, read, readSync } from 'node:fs';
import { promisify } from 'node:util';
import { StatPace } from '../walk/library-walker';

/**
 * A cheap content fingerprint for recognising the same file under another path: SHA-256 over the
 * size and the first and last `edgeBytes` bytes (the whole file when it is smaller than both ends).
 * Hex only, so its prefix can name a derivative file.
 */
export async function fingerprintFile(absolutePath: string, edgeBytes: number): Promise<string> {
  const fd = await openAsync(absolutePath, 'r');
  try {
    // The size read here, not the listing's, so a file that grew meanwhile is hashed consistently.
    const { size } = await fstatAsync(fd);
    const chunks: Buffer[] = [];
    for (const [position, length] of edgeRanges(size, edgeBytes)) {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await readAsync(fd, buffer, 0, length, position);
      chunks.push(buffer.subarray(0, bytesRead));
    }
    return digest(size, chunks);
  } finally {
    await closeAsync(fd);
  }
}

/** fingerprintFile, blocking: for files answered at once (see Fingerprints). */
export function fingerprintFileSync(absolutePath: string, edgeBytes: number): string {
  const fd = openSync(absolutePath, 'r');
  try {
    const { size } = fstatSync(fd);
    const chunks = edgeRanges(size, edgeBytes).map(([position, length]) => {
      const buffer = Buffer.alloc(length);
      return buffer.subarray(0, readSync(fd, buffer, 0, length, position));
    });
    return digest(size, chunks);
  } finally {
    closeSync(fd);
  }
}

/**
 * Fingerprints one scan's files. Synchronously while each file is answered at once (small or cached files on
 * a local disk: 9 us a file that way, 50-90 us through promises and the thread pool, measured on 20,000 empty
 * files); once most of a sample took longer (StatPace: a network share, a cold disk, large reads), the rest
 * of the scan reads through the thread pool, which keeps the event loop free (the caller keeps several reads
 * in flight). The same rule as the walk's stats (FileStats), on a pace of its own.
 */
export class Fingerprints {
  constructor(
    private readonly edgeBytes: number,
    private readonly pace = new StatPace(),
  ) {}

  get isSynchronous(): boolean {
    return this.pace.isSynchronous;
  }

  /** Rejects like fingerprintFile (a file deleted or unreadable since it was listed). */
  async of(absolutePath: string): Promise<string> {
    if (!this.pace.isSynchronous) return fingerprintFile(absolutePath, this.edgeBytes);
    return this.pace.time(() => fingerprintFileSync(absolutePath, this.edgeBytes));
  }
}

const openAsync = promisify(open);
const fstatAsync = promisify(fstat);
const readAsync = promisify(read);
const closeAsync = promisify(close);

/** The [position, length] ranges a fingerprint reads: both ends, the whole file, or nothing for an empty one. */
function edgeRanges(size: number, edgeBytes: number): Array<[number, number]> {
  if (size > edgeBytes * 2) return [[0, edgeBytes], [size - edgeBytes, edgeBytes]];
  return size > 0 ? [[0, size]] : [];
}

function digest(size: number, chunks: readonly Buffer[]): string {
  const hash = createHash('sha256');
  const sizeBytes = Buffer.alloc(8);
  sizeBytes.writeBigUInt64BE(BigInt(size));
  hash.update(sizeBytes);
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest('hex');
}
