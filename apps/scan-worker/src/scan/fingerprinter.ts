import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/**
 * A cheap content fingerprint for recognising the same file under another path: SHA-256 over the
 * size and the first and last `edgeBytes` bytes (the whole file when it is smaller than both ends).
 * Hex only, so its prefix can name a derivative file.
 */
export async function fingerprintFile(absolutePath: string, edgeBytes: number): Promise<string> {
  const handle = await open(absolutePath, 'r');
  try {
    // The size read here, not the listing's, so a file that grew meanwhile is hashed consistently.
    const { size } = await handle.stat();
    const hash = createHash('sha256');
    const sizeBytes = Buffer.alloc(8);
    sizeBytes.writeBigUInt64BE(BigInt(size));
    hash.update(sizeBytes);
    if (size > edgeBytes * 2) {
      hash.update(await readAt(handle, 0, edgeBytes));
      hash.update(await readAt(handle, size - edgeBytes, edgeBytes));
    } else if (size > 0) {
      hash.update(await readAt(handle, 0, size)); // the whole file; an empty one has nothing to read
    }
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}

async function readAt(handle: Awaited<ReturnType<typeof open>>, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}
