import { DerivativeKind } from '@mediaflow/contracts';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';

const OBJECT_ID = /^[0-9a-f]{24}$/i;
const FINGERPRINT_PREFIX_LENGTH = 16;
const KINDS: readonly string[] = Object.values(DerivativeKind);

/**
 * The derivative files on disk, under one root:
 * `<kind>/<libraryId>/<last 2 chars of imageId>/<imageId>-<fingerprint prefix>.<ext>`.
 * Paths handed out and taken back are relative to the root ('/'-separated) and never leave it.
 */
export class DerivativeStore {
  readonly root: string;

  constructor(root: string) {
    if (!isAbsolute(root)) throw new Error(`DerivativeStore root must be absolute, got ${root}`);
    this.root = resolve(root);
  }

  relativePathFor(kind: DerivativeKind, libraryId: string, imageId: string, fingerprint: string, ext: string): string {
    const prefix = fingerprint.replace(/[^A-Za-z0-9]/g, '').slice(0, FINGERPRINT_PREFIX_LENGTH);
    if (!prefix) throw new Error(`fingerprint ${JSON.stringify(fingerprint)} has no usable characters`);
    if (!/^[a-z0-9]{1,8}$/.test(ext)) throw new Error(`bad file extension ${JSON.stringify(ext)}`);
    return [this.imageDir(kind, libraryId, imageId), `${imageId}-${prefix}.${ext}`].join('/');
  }

  /** Writes atomically: a temp file in the same folder, then a rename, so readers see all or nothing. */
  async write(kind: DerivativeKind, libraryId: string, imageId: string, fingerprint: string, ext: string, data: Buffer): Promise<string> {
    const relativePath = this.relativePathFor(kind, libraryId, imageId, fingerprint, ext);
    const target = this.absolute(relativePath);
    await mkdir(this.absolute(this.imageDir(kind, libraryId, imageId)), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, data, { flag: 'wx' });
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return relativePath;
  }

  async exists(relativePath: string): Promise<boolean> {
    return (await this.sizeOf(relativePath)) !== null;
  }

  /** Size in bytes of the file, or null when there is none. */
  async sizeOf(relativePath: string): Promise<number | null> {
    try {
      const stats = await stat(this.absolute(relativePath));
      return stats.isFile() ? stats.size : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** The file's absolute path; refuses any path that would resolve outside the root. */
  absolute(relativePath: string): string {
    const absolute = resolve(this.root, relativePath);
    const inside = relative(this.root, absolute);
    if (isAbsolute(relativePath) || inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
      throw new Error(`derivative path ${JSON.stringify(relativePath)} is outside the derivative store`);
    }
    return absolute;
  }

  /** Deletes one file; a file already gone is fine. */
  async remove(relativePath: string): Promise<void> {
    await unlink(this.absolute(relativePath)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  /** Deletes every derivative of this kind of the image, whatever fingerprint it was made from. Returns how many. */
  async removeImage(kind: DerivativeKind, libraryId: string, imageId: string): Promise<number> {
    const dir = this.absolute(this.imageDir(kind, libraryId, imageId));
    const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    const mine = names.filter((name) => name.startsWith(`${imageId}-`));
    for (const name of mine) await rm(join(dir, name), { force: true });
    return mine.length;
  }

  /** Deletes the library's whole folder of this kind. */
  async removeLibrary(kind: DerivativeKind, libraryId: string): Promise<void> {
    assertKind(kind);
    assertObjectId('libraryId', libraryId);
    await rm(this.absolute(`${kind}/${libraryId}`), { recursive: true, force: true });
  }

  private imageDir(kind: DerivativeKind, libraryId: string, imageId: string): string {
    assertKind(kind);
    assertObjectId('libraryId', libraryId);
    assertObjectId('imageId', imageId);
    return `${kind}/${libraryId}/${imageId.slice(-2)}`;
  }
}

function assertKind(kind: string): void {
  if (!KINDS.includes(kind)) throw new Error(`unknown derivative kind ${JSON.stringify(kind)}`);
}

function assertObjectId(what: string, value: string): void {
  if (!OBJECT_ID.test(value)) throw new Error(`${what} must be an ObjectId, got ${JSON.stringify(value)}`);
}
