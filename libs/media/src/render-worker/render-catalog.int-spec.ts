import { DerivativeKind, DerivativeState } from '@mediaflow/contracts';
import { BackgroundJob, BackgroundJobSchema, Image, ImageSchema, Library, LibrarySchema, type Derivative } from '@mediaflow/persistence';
import { dropTestDatabase, testStoreUrl, uniqueName } from '@mediaflow/testing';
import mongoose, { Types, type Connection, type Model } from 'mongoose';
import { RenderCatalog } from './render-catalog';

describe(RenderCatalog.name, () => {
  const dbName = uniqueName('mf_test');
  let connections: Connection[];
  let images: Model<Image>;

  beforeAll(async () => {
    // Two connections, as the thumbnail and cache workers are two processes with their own pools.
    connections = await Promise.all([1, 2].map(() => mongoose.createConnection(testStoreUrl(), { dbName, maxPoolSize: 10 }).asPromise()));
    images = connections[0]!.model(Image.name, ImageSchema);
  });

  afterAll(async () => {
    await Promise.all(connections.map((connection) => connection.close()));
    await dropTestDatabase(dbName);
  });

  function catalogOn(connection: Connection): RenderCatalog {
    return new RenderCatalog(connection.model(Image.name, ImageSchema), connection.model(Library.name, LibrarySchema), connection.model(BackgroundJob.name, BackgroundJobSchema));
  }

  function ready(fingerprint: string, path: string): Derivative {
    return { state: DerivativeState.Ready, sourceFingerprint: fingerprint, path, bytes: 1, reason: null, updatedAt: new Date() };
  }

  async function insertImage(fingerprint: string, deletedAt: Date | null = null): Promise<string> {
    const doc = await images.create({ libraryId: new Types.ObjectId(), collectionId: new Types.ObjectId(), relativePath: `${fingerprint}.jpg`, size: 1, mtimeMs: 1, fingerprint, deletedAt });
    return String(doc._id);
  }

  it('keeps both kinds when the two workers record one image one after the other', async () => {
    const [thumbnails, caches] = connections.map(catalogOn) as [RenderCatalog, RenderCatalog];
    const id = await insertImage('fp-both');

    expect(await thumbnails.recordDerivative(id, 'fp-both', DerivativeKind.Thumbnail, ready('fp-both', 't'))).toBe(true);
    expect(await caches.recordDerivative(id, 'fp-both', DerivativeKind.Cache, ready('fp-both', 'c'))).toBe(true);

    const doc = await images.findById(id).lean();
    expect([doc?.derivatives.thumbnail.path, doc?.derivatives.cache.path]).toEqual(['t', 'c']);
  });

  it('records nothing, and says so, when the image has another fingerprint or is deleted', async () => {
    const sut = catalogOn(connections[0]!);
    const changed = await insertImage('fp-new');
    const deleted = await insertImage('fp-deleted', new Date());

    expect(await sut.recordDerivative(changed, 'fp-old', DerivativeKind.Thumbnail, ready('fp-old', 'x'))).toBe(false);
    expect(await sut.recordDerivative(deleted, 'fp-deleted', DerivativeKind.Thumbnail, ready('fp-deleted', 'x'))).toBe(false);
    expect((await images.findById(changed).lean())?.derivatives.thumbnail.state).toBe(DerivativeState.Pending);
  });
});
