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
