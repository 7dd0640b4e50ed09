import { FileChangeKind, type FileChange } from '@mediaflow/contracts';
import { isSupported, type PathFilter } from '@mediaflow/media';
import { posix } from 'node:path';

/**
 * The folders a batch of changes touches: each changed file's folder, plus a removed path that may have
 * been a folder itself (it has no image extension). Sorted, so folders are synced in walk order.
 */
export function changedFolders(changes: readonly FileChange[]): string[] {
  const folders = new Set<string>();
  for (const { kind, relativePath } of changes) {
    folders.add(parentOf(relativePath));
    if (kind === FileChangeKind.Removed && !isSupported(posix.basename(relativePath))) folders.add(relativePath);
  }
  return [...folders].sort();
}

/** True when the walk would enter the folder: neither it nor a folder above it is junk or excluded. */
export function isFolderWalked(filter: PathFilter, folder: string): boolean {
  if (folder === '') return true;
  const segments = folder.split('/');
  return segments.every((name, index) => filter.entersFolder(name, segments.slice(0, index + 1).join('/')));
}

function parentOf(relativePath: string): string {
  const parent = posix.dirname(relativePath);
  return parent === '.' ? '' : parent;
}

/**
 * The paths a batch may touch: its changed paths and, below a removed path that may have been a folder,
 * everything. Other files of a listed folder wait for their own batch (write stability, move hold).
 */
export function batchScope(changes: readonly FileChange[]): (relativePath: string) => boolean {
  const paths = new Set(changes.map((change) => change.relativePath));
  const removedFolders = changes
    .filter(({ kind, relativePath }) => kind === FileChangeKind.Removed && !isSupported(posix.basename(relativePath)))
    .map(({ relativePath }) => `${relativePath}/`);
  return (relativePath) => paths.has(relativePath) || removedFolders.some((folder) => relativePath.startsWith(folder));
}
