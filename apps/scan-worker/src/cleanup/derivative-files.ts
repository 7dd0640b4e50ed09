import { lstat, opendir, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface DerivativeFile {
  /** '/'-separated, relative to DERIVATIVES_DIR: what an `image_derivatives` record's `path` holds. */
  relativePath: string;
  absolutePath: string;
  mtimeMs: number;
}

/**
 * Streams the files under DERIVATIVES_DIR/<kind>/<libraryId>, folder by folder, without following
 * symlinks. Hidden names (a render worker's temp files) are skipped. A missing folder yields nothing.
 */
export async function* listDerivativeFiles(derivativesDir: string, kind: string, libraryId: string): AsyncGenerator<DerivativeFile> {
  const pending = [`${kind}/${libraryId}`];
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    const dir = await opendir(join(derivativesDir, folder)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (!dir) continue;
    for await (const entry of dir) {
      if (entry.name.startsWith('.')) continue;
      const relativePath = `${folder}/${entry.name}`;
      if (entry.isDirectory()) pending.push(relativePath);
      if (!entry.isFile()) continue;
      const absolutePath = join(derivativesDir, relativePath);
      const stats = await lstat(absolutePath).catch(() => undefined);
      if (stats) yield { relativePath, absolutePath, mtimeMs: stats.mtimeMs };
    }
  }
}

/** Deletes a file; returns why it could not, or undefined (also when it was already gone). */
export async function removeFile(absolutePath: string): Promise<string | undefined> {
  try {
    await unlink(absolutePath);
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return error instanceof Error ? error.message : String(error);
  }
}
