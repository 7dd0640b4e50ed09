import { DerivativeKind } from '@mediaflow/contracts';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DerivativeStore } from './derivative-store';

const libraryId = '65a1b2c3d4e5f60718293a4b';
const imageId = '65a1b2c3d4e5f60718293aff';
const fingerprint = '0123456789abcdef0123456789abcdef';

describe(DerivativeStore.name, () => {
  let root: string;
  let sut: DerivativeStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'mf-store-'));
    sut = new DerivativeStore(root);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('lays files out as <kind>/<libraryId>/<last 2 of imageId>/<imageId>-<16 of fingerprint>.<ext>', async () => {
    const path = await sut.write(DerivativeKind.Thumbnail, libraryId, imageId, fingerprint, 'webp', Buffer.from('x'));

    expect(path).toBe(`thumbnail/${libraryId}/ff/${imageId}-0123456789abcdef.webp`);
    expect(await readFile(join(root, path), 'utf8')).toBe('x');
  });

  it('keeps only filename-safe fingerprint characters', () => {
    expect(sut.relativePathFor(DerivativeKind.Cache, libraryId, imageId, '1234:ab/cd..ef-0123456789', 'jpg')).toBe(
      `cache/${libraryId}/ff/${imageId}-1234abcdef012345.jpg`,
    );
  });

  it('leaves no temp file behind and replaces an existing derivative whole', async () => {
    await sut.write(DerivativeKind.Cache, libraryId, imageId, fingerprint, 'jpg', Buffer.from('first'));
    const path = await sut.write(DerivativeKind.Cache, libraryId, imageId, fingerprint, 'jpg', Buffer.from('second'));

    expect(await readdir(join(root, 'cache', libraryId, 'ff'))).toEqual([`${imageId}-0123456789abcdef.jpg`]);
    expect(await readFile(sut.absolute(path), 'utf8')).toBe('second');
  });

  it('tells whether a derivative exists', async () => {
    const path = await sut.write(DerivativeKind.Thumbnail, libraryId, imageId, fingerprint, 'webp', Buffer.from('x'));

    expect(await sut.exists(path)).toBe(true);
    expect(await sut.exists(path.replace('.webp', '.jpg'))).toBe(false);
  });

  it.each(['../etc/passwd', 'thumbnail/../../outside', '/etc/passwd', '', '.'])('refuses the path %j, which is not inside the root', (path) => {
    expect(() => sut.absolute(path)).toThrow(/outside the derivative store/);
  });

  it('refuses ids that are not ObjectIds, so no id can steer a path', async () => {
    await expect(sut.write(DerivativeKind.Thumbnail, '../x', imageId, fingerprint, 'webp', Buffer.from('x'))).rejects.toThrow(/libraryId must be an ObjectId/);
    await expect(sut.removeLibrary(DerivativeKind.Cache, '..')).rejects.toThrow(/libraryId must be an ObjectId/);
  });

  it('removes every fingerprint of one image of one kind, and nothing else', async () => {
    const otherImage = '65a1b2c3d4e5f60718293bff';
    await sut.write(DerivativeKind.Thumbnail, libraryId, imageId, 'aaaa', 'webp', Buffer.from('old'));
    await sut.write(DerivativeKind.Thumbnail, libraryId, imageId, 'bbbb', 'webp', Buffer.from('new'));
    const kept = await sut.write(DerivativeKind.Thumbnail, libraryId, otherImage, 'aaaa', 'webp', Buffer.from('other'));
    const cache = await sut.write(DerivativeKind.Cache, libraryId, imageId, 'aaaa', 'jpg', Buffer.from('cache'));

    expect(await sut.removeImage(DerivativeKind.Thumbnail, libraryId, imageId)).toBe(2);

    expect(await readdir(join(root, 'thumbnail', libraryId, 'ff'))).toEqual([kept.split('/').pop()]);
    expect(await sut.exists(cache)).toBe(true);
    expect(await sut.removeImage(DerivativeKind.Thumbnail, libraryId, '65a1b2c3d4e5f60718293a00')).toBe(0);
  });

  it("removes a library's folder of one kind only", async () => {
    await sut.write(DerivativeKind.Thumbnail, libraryId, imageId, fingerprint, 'webp', Buffer.from('x'));
    const cache = await sut.write(DerivativeKind.Cache, libraryId, imageId, fingerprint, 'jpg', Buffer.from('x'));

    await sut.removeLibrary(DerivativeKind.Thumbnail, libraryId);

    expect(await readdir(join(root, 'thumbnail'))).toEqual([]);
    expect(await sut.exists(cache)).toBe(true);
  });
});
