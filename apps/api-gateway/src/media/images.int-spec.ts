import { DerivativeKind, DerivativeState } from '@mediaflow/contracts';
import { Types } from 'mongoose';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { GatewayUnderTest } from '../testing/gateway-test-harness';
import { ImagesController } from './images.controller';

describe(ImagesController.name, () => {
  let sut: GatewayUnderTest;
  let libraryId: Types.ObjectId;
  let collectionId: Types.ObjectId;

  beforeAll(async () => {
    sut = await GatewayUnderTest.start();
    libraryId = new Types.ObjectId((await sut.createLibrary('Media')).id);
    collectionId = (await sut.collections.create({ libraryId, relativePath: 'holiday', imageCount: 3 }))._id;
  });

  afterAll(async () => {
    await sut?.stop();
  });

  const addImage = (name: string, deletedAt: Date | null = null) =>
    sut.images.create({ libraryId, collectionId, relativePath: `holiday/${name}`, size: 100, mtimeMs: 1, fingerprint: `fp-${name}`, deletedAt });

  /** The record a render worker keeps in image_derivatives. */
  const record = (imageId: Types.ObjectId, kind: DerivativeKind, fields: Record<string, unknown>) =>
    sut.derivatives.create({ imageId, libraryId, kind, updatedAt: new Date(), ...fields });

  /** Writes a real derivative file where a render worker would and returns its store-relative path. */
  async function writeDerivative(kind: 'thumbnail' | 'cache', imageId: string, fingerprint: string): Promise<{ path: string; bytes: Buffer }> {
    const extension = kind === 'thumbnail' ? 'webp' : 'jpg';
    const path = `${kind}/${libraryId.toString()}/${imageId.slice(-2)}/${imageId}-${fingerprint.slice(0, 8)}.${extension}`;
    const image = sharp({ create: { width: 8, height: 6, channels: 3, background: { r: 200, g: 50, b: 20 } } });
    const bytes = await (kind === 'thumbnail' ? image.webp() : image.jpeg()).toBuffer();
    await mkdir(dirname(join(sut.derivativesDir, path)), { recursive: true });
    await writeFile(join(sut.derivativesDir, path), bytes);
    return { path, bytes };
  }

  it('serves a ready thumbnail with its content type, ETag and cache headers, then 304 on If-None-Match', async () => {
    const image = await addImage('ready.jpg');
    const id = image._id.toString();
    const { path, bytes } = await writeDerivative('thumbnail', id, 'fp-ready.jpg');
    await record(image._id, DerivativeKind.Thumbnail, { state: DerivativeState.Ready, path, bytes: bytes.length, sourceFingerprint: 'fp-ready.jpg' });

    const first = await sut.call('GET', `/api/v1/images/${id}/thumbnail`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/webp');
    expect(Buffer.compare(first.body as Buffer, bytes)).toBe(0);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');

    const again = await sut.call('GET', `/api/v1/images/${id}/thumbnail`, { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);
    expect((again.body as Buffer).length).toBe(0);

    const detail = await sut.call('GET', `/api/v1/images/${id}`);
    expect(detail.body.derivatives.thumbnail).toMatchObject({ state: 'ready', url: `/api/v1/images/${id}/thumbnail?v=fp-ready.jpg` });
    const versioned = await sut.call('GET', detail.body.derivatives.thumbnail.url);
    expect(versioned.headers.get('cache-control')).toMatch(/^private, max-age=\d+, immutable$/);
  });

  it('serves a ready cache image as JPEG', async () => {
    const image = await addImage('cached.jpg');
    const id = image._id.toString();
    const { path, bytes } = await writeDerivative('cache', id, 'fp-cached.jpg');
    await record(image._id, DerivativeKind.Cache, { state: DerivativeState.Ready, path, bytes: bytes.length, sourceFingerprint: 'fp-cached.jpg' });
    const response = await sut.call('GET', `/api/v1/images/${id}/cache`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect((await sharp(response.body as Buffer).metadata()).format).toBe('jpeg');
  });

  it('answers 404 saying the derivative is pending until it is ready', async () => {
    const image = await addImage('pending.jpg');
    const response = await sut.call('GET', `/api/v1/images/${image._id.toString()}/thumbnail`);
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ code: 'DERIVATIVE_PENDING', message: expect.stringContaining('not ready yet (pending)') });
  });

  it('treats a ready record of older content as pending', async () => {
    const image = await addImage('changed.jpg');
    const { path } = await writeDerivative('thumbnail', image._id.toString(), 'fp-older');
    await record(image._id, DerivativeKind.Thumbnail, { state: DerivativeState.Ready, path, sourceFingerprint: 'fp-older' });
    const response = await sut.call('GET', `/api/v1/images/${image._id.toString()}/thumbnail`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('DERIVATIVE_PENDING');
    expect((await sut.call('GET', `/api/v1/images/${image._id.toString()}`)).body.derivatives.thumbnail).toEqual({ state: 'pending', reason: null, bytes: null, url: null });
  });

  it('answers 404 with the reason when rendering failed', async () => {
    const image = await addImage('broken.jpg');
    await record(image._id, DerivativeKind.Cache, { state: DerivativeState.Failed, reason: 'Input file is truncated', sourceFingerprint: 'fp-broken.jpg' });
    const response = await sut.call('GET', `/api/v1/images/${image._id.toString()}/cache`);
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ code: 'DERIVATIVE_FAILED', message: expect.stringContaining('Input file is truncated') });
  });

  it('never serves a stored path that leaves the derivative store', async () => {
    const image = await addImage('escape.jpg');
    await record(image._id, DerivativeKind.Thumbnail, { state: DerivativeState.Ready, path: '../../etc/passwd', sourceFingerprint: 'fp-escape.jpg' });
    const response = await sut.call('GET', `/api/v1/images/${image._id.toString()}/thumbnail`);
    expect(response.status).toBe(404);
  });

  it('pages through the live images of a collection by id', async () => {
    const other = await sut.collections.create({ libraryId, relativePath: 'paged' });
    // Compared sorted: ObjectIds made in one second are out of creation order when the driver's counter wraps.
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) {
      const image = await sut.images.create({ libraryId, collectionId: other._id, relativePath: `paged/${index}.jpg`, size: 1, mtimeMs: 1, deletedAt: index === 2 ? new Date() : null });
      if (index !== 2) ids.push(image._id.toString());
    }
    const first = await sut.call('GET', `/api/v1/collections/${other._id.toString()}/images?limit=3`);
    const second = await sut.call('GET', `/api/v1/collections/${other._id.toString()}/images?limit=3&cursor=${first.body.nextCursor}`);
    expect([...first.body.items, ...second.body.items].map((item: { id: string }) => item.id)).toEqual(ids.sort());
    expect(second.body.nextCursor).toBeNull();
  });

  it('lists the collections of a library', async () => {
    const response = await sut.call('GET', `/api/v1/libraries/${libraryId.toString()}/collections`);
    expect(response.status).toBe(200);
    expect(response.body.items.map((item: { relativePath: string }) => item.relativePath)).toEqual(['holiday', 'paged']);
  });

  it('answers 404 for unknown and soft-deleted images and unknown collections', async () => {
    const deleted = await addImage('deleted.jpg', new Date());
    expect((await sut.call('GET', `/api/v1/images/${deleted._id.toString()}`)).body.error.code).toBe('IMAGE_NOT_FOUND');
    expect((await sut.call('GET', `/api/v1/images/${new Types.ObjectId().toString()}/thumbnail`)).status).toBe(404);
    expect((await sut.call('GET', `/api/v1/collections/${new Types.ObjectId().toString()}/images`)).body.error.code).toBe('COLLECTION_NOT_FOUND');
  });
});
