import { createHash } from 'node:crypto';
import type { DiskFile } from './library-walker';

/**
 * One digest of a folder's listing: the path, size and mtime of each supported file, in path order.
 * Equal digests mean the per-file diff (folder-differ) would find every file unchanged.
 */
export function listingDigest(files: readonly DiskFile[]): string {
  const hash = createHash('sha1');
  for (const file of files) hash.update(`${file.relativePath}\0${file.size}\0${file.mtimeMs}\n`);
  return hash.digest('base64url');
}
