import { createHash } from 'node:crypto';
import type { DiskFile } from './library-walker';

/**
 * One digest of a folder's listing: the path, size and mtime of each supported file, in path order.
 * Equal digests mean the per-file diff (folder-differ) would find every file unchanged.
 */
export function listingDigest(files: readonly DiskFile[]): string {
  // One update of the whole listing: the same bytes as one per file, without a native call per file.
  let listing = '';
  for (const file of files) listing += `${file.relativePath}\0${file.size}\0${file.mtimeMs}\n`;
  return createHash('sha1').update(listing).digest('base64url');
}
