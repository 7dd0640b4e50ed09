import type { DiskFile } from '../walk/library-walker';

/** The fields of a stored image the diff looks at. */
export interface StoredImageState {
  relativePath: string;
  size: number;
  mtimeMs: number;
  deletedAt: Date | null;
}

export interface FilePair<I> {
  file: DiskFile;
  image: I;
}

export interface FolderDiff<I> {
  /** On disk, no row at that path. */
  added: DiskFile[];
  /** Size or mtime differ, or the row was soft-deleted and the file is back. */
  changed: Array<FilePair<I>>;
  unchanged: Array<FilePair<I>>;
  /** Live rows whose file is gone. */
  missing: I[];
}

/** Compares one folder's listing with that folder's stored images by (relative path, size, mtime). */
export function diffFolder<I extends StoredImageState>(files: readonly DiskFile[], images: readonly I[]): FolderDiff<I> {
  const byPath = new Map(images.map((image) => [image.relativePath, image]));
  const diff: FolderDiff<I> = { added: [], changed: [], unchanged: [], missing: [] };
  for (const file of files) {
    const image = byPath.get(file.relativePath);
    byPath.delete(file.relativePath);
    if (!image) diff.added.push(file);
    else if (image.deletedAt !== null || image.size !== file.size || image.mtimeMs !== file.mtimeMs) diff.changed.push({ file, image });
    else diff.unchanged.push({ file, image });
  }
  for (const image of byPath.values()) if (image.deletedAt === null) diff.missing.push(image);
  return diff;
}

/**
 * A watch batch's view of a folder diff: only its own paths are added, changed or missing. A file outside
 * them may still be being written (its batch comes once the write is stable) or be the other half of a
 * move held back by the watcher; rows outside them stay as they are (`untouchedLive` counts the live ones).
 */
export function scopeDiff<I extends StoredImageState>(
  diff: FolderDiff<I>,
  inScope: (relativePath: string) => boolean,
): FolderDiff<I> & { untouchedLive: number } {
  const changed = diff.changed.filter(({ file }) => inScope(file.relativePath));
  const missing = diff.missing.filter((image) => inScope(image.relativePath));
  const untouchedChanged = diff.changed.filter(({ file, image }) => !inScope(file.relativePath) && image.deletedAt === null).length;
  return {
    added: diff.added.filter((file) => inScope(file.relativePath)),
    changed,
    unchanged: diff.unchanged,
    missing,
    untouchedLive: untouchedChanged + diff.missing.length - missing.length,
  };
}
