import { DerivativeKind, DerivativeState, JobStatus, JobType, StageName } from '@mediaflow/contracts';
import { BackgroundJob, BackgroundJobSchema, Image, ImageDerivative, ImageDerivativeSchema, ImageMetadata, ImageMetadataSchema, ImageSchema, Library, LibrarySchema } from '@mediaflow/persistence';
import { dropTestDatabase, eventually, testStoreUrl, uniqueName } from '@mediaflow/testing';
import mongoose, { Types, type Connection, type Model } from 'mongoose';
import { CANCEL_CHECK_TTL_MS, CURRENT_CHECK_WINDOW_MS, RenderCatalog, type DerivativeRecord, type RenderImage } from './render-catalog';

describe(RenderCatalog.name, () => {
  const dbName = uniqueName('mf_test');
  let connections: [Connection, Connection];
  let images: Model<Image>;
  let derivatives: Model<ImageDerivative>;

  beforeAll(async () => {
    // Two connections, as the thumbnail and cache workers are two processes with their own pools.
    connections = (await Promise.all([1, 2].map(() => mongoose.createConnection(testStoreUrl(), { dbName, maxPoolSize: 10 }).asPromise()))) as [Connection, Connection];
    images = connections[0].model<Image>(Image.name, ImageSchema);
    derivatives = connections[0].model<ImageDerivative>(ImageDerivative.name, ImageDerivativeSchema);
    await derivatives.createIndexes();
  });

  afterAll(async () => {
    await Promise.all(connections.map((connection) => connection.close()));
    await dropTestDatabase(dbName);
  });

  function catalogOn(connection: Connection): RenderCatalog {
    return new RenderCatalog(
      connection.model<Image>(Image.name, ImageSchema),
      connection.model<ImageDerivative>(ImageDerivative.name, ImageDerivativeSchema),
      connection.model<ImageMetadata>(ImageMetadata.name, ImageMetadataSchema),
      connection.model<Library>(Library.name, LibrarySchema),
      connection.model<BackgroundJob>(BackgroundJob.name, BackgroundJobSchema),
    );
  }

  function ready(path: string): DerivativeRecord {
    return { state: DerivativeState.Ready, reason: null, path, bytes: 1, width: 2, height: 3 };
  }

  async function insertImage(fingerprint: string, libraryId = new Types.ObjectId(), deletedAt: Date | null = null): Promise<RenderImage> {
    const collectionId = new Types.ObjectId();
    const doc = await images.create({ libraryId, collectionId, relativePath: `${fingerprint}.jpg`, size: 1, mtimeMs: 1, fingerprint, deletedAt });
    return { id: String(doc._id), libraryId: String(libraryId), collectionId: String(collectionId), relativePath: doc.relativePath, fingerprint, deleted: deletedAt !== null };
  }

  it('keeps both kinds of 40 images when the two workers record them at the same moment through their own connections', async () => {
    const [thumbnails, caches] = connections.map(catalogOn) as [RenderCatalog, RenderCatalog];
    const libraryId = new Types.ObjectId();
    const batch = await Promise.all(Array.from({ length: 40 }, (_, index) => insertImage(`fp-race-${index}`, libraryId)));

    const recorded = await Promise.all(
      batch.flatMap((image) => [
        thumbnails.recordDerivative(image, image.fingerprint ?? '', DerivativeKind.Thumbnail, ready(`t/${image.id}`)),
        caches.recordDerivative(image, image.fingerprint ?? '', DerivativeKind.Cache, ready(`c/${image.id}`)),
      ]),
    );

    expect(recorded.every((outcome) => outcome.current)).toBe(true);
    const stored = await derivatives.find({ libraryId }).lean();
    expect(stored).toHaveLength(80);
    const byKey = new Map(stored.map((record) => [`${record.kind}:${String(record.imageId)}`, record]));
    for (const image of batch) {
      expect(byKey.get(`thumbnail:${image.id}`)).toMatchObject({ state: DerivativeState.Ready, path: `t/${image.id}`, sourceFingerprint: image.fingerprint });
      expect(byKey.get(`cache:${image.id}`)).toMatchObject({ state: DerivativeState.Ready, path: `c/${image.id}`, sourceFingerprint: image.fingerprint });
    }
  });

  it('keeps one record per kind when two deliveries of one request record it at once', async () => {
    const image = await insertImage('fp-duplicate');

    const recorded = await Promise.all(connections.map((connection) => catalogOn(connection).recordDerivative(image, 'fp-duplicate', DerivativeKind.Thumbnail, ready('t/dup'))));

    expect(recorded.map((outcome) => outcome.current)).toEqual([true, true]);
    expect(await derivatives.countDocuments({ imageId: new Types.ObjectId(image.id) })).toBe(1);
  });

  it('records over the previous fingerprint’s record and reads it back', async () => {
    const sut = catalogOn(connections[0]);
    const image = await insertImage('fp-second');
    await derivatives.create({ imageId: new Types.ObjectId(image.id), libraryId: new Types.ObjectId(image.libraryId), kind: DerivativeKind.Cache, state: DerivativeState.Ready, sourceFingerprint: 'fp-first', path: 'c/old', updatedAt: new Date() });

    // The file of the record it replaced is the worker's to remove.
    expect(await sut.recordDerivative(image, 'fp-second', DerivativeKind.Cache, ready('c/new'))).toEqual({ current: true, replacedPath: 'c/old' });

    expect(await sut.findDerivative(image.id, DerivativeKind.Cache)).toMatchObject({ state: DerivativeState.Ready, sourceFingerprint: 'fp-second', path: 'c/new' });
    // The kind of its source (from the image's path), for the library overview's counts.
    expect((await derivatives.findById(`${image.id}:cache`).lean())?.mediaKind).toBe('still');
    expect(await sut.findDerivative(image.id, DerivativeKind.Thumbnail)).toBeNull();
  });

  it('records nothing, and says so, when the image has another fingerprint or is deleted', async () => {
    const sut = catalogOn(connections[0]);
    const changed = await insertImage('fp-new');
    const deleted = await insertImage('fp-deleted', new Types.ObjectId(), new Date());

    expect(await sut.recordDerivative(changed, 'fp-old', DerivativeKind.Thumbnail, ready('x'))).toMatchObject({ current: false });
    expect(await sut.recordDerivative(deleted, 'fp-deleted', DerivativeKind.Thumbnail, ready('x'))).toMatchObject({ current: false });
    expect(await derivatives.countDocuments({ imageId: { $in: [changed.id, deleted.id].map((id) => new Types.ObjectId(id)) } })).toBe(0);
  });

  it('leaves the record of the image’s current content when a render of older content finishes after it', async () => {
    const sut = catalogOn(connections[0]);
    const image = await insertImage('fp-newer');
    expect(await sut.recordDerivative(image, 'fp-newer', DerivativeKind.Cache, ready('c/newer'))).toEqual({ current: true, replacedPath: null });

    expect(await sut.recordDerivative(image, 'fp-older', DerivativeKind.Cache, ready('c/older'))).toEqual({ current: false, replacedPath: null });

    expect(await sut.findDerivative(image.id, DerivativeKind.Cache)).toMatchObject({ state: DerivativeState.Ready, sourceFingerprint: 'fp-newer', path: 'c/newer' });
  });

  it('forgets only its own kind of the purged images, and of a deleted library', async () => {
    const sut = catalogOn(connections[1]);
    const libraryId = new Types.ObjectId();
    const [purged, kept] = await Promise.all([insertImage('fp-purged', libraryId), insertImage('fp-kept', libraryId)]);
    for (const image of [purged, kept]) {
      await sut.recordDerivative(image, image.fingerprint ?? '', DerivativeKind.Thumbnail, ready(`t/${image.id}`));
      await sut.recordDerivative(image, image.fingerprint ?? '', DerivativeKind.Cache, ready(`c/${image.id}`));
    }

    expect(await sut.forgetImages(DerivativeKind.Thumbnail, String(libraryId), [purged.id])).toBe(1);
    expect((await derivatives.find({ libraryId }, { kind: 1, imageId: 1 }).lean()).map((record) => `${record.kind}:${String(record.imageId)}`).sort()).toEqual(
      [`cache:${purged.id}`, `cache:${kept.id}`, `thumbnail:${kept.id}`].sort(),
    );

    expect(await sut.forgetLibrary(DerivativeKind.Cache, String(libraryId))).toBe(2);
    expect(await derivatives.countDocuments({ libraryId })).toBe(1);
  });

  it('records an image’s metadata by its id, replaces it for new content, and forgets it with the image', async () => {
    const [thumbnails] = connections.map(catalogOn) as [RenderCatalog, RenderCatalog];
    const metadata = connections[0].model(ImageMetadata.name, ImageMetadataSchema);
    const image = await insertImage('fp-meta');
    const read = { mediaType: 'image' as const, mimeType: 'image/jpeg', width: 3, height: 4, takenAt: '2021-06-15T14:30:00+02:00', takenAtSource: 'exif' as const, camera: { make: 'Canon', model: null }, lens: null, exposure: null, gps: { latitude: 1.5, longitude: -2.25, altitude: null }, durationMs: null, videoCodec: null };

    await thumbnails.recordMetadata(image, 'fp-meta', read);
    await thumbnails.recordMetadata(image, 'fp-meta-2', { ...read, width: 30 });

    const stored = await metadata.find({ _id: new Types.ObjectId(image.id) }).lean();
    expect(stored).toEqual([expect.objectContaining({ sourceFingerprint: 'fp-meta-2', width: 30, takenAtSort: new Date('2021-06-15T12:30:00Z'), camera: { make: 'Canon', model: null }, collectionId: new Types.ObjectId(image.collectionId) })]);
    await thumbnails.forgetMetadata(image.libraryId, [image.id]);
    expect(await metadata.countDocuments({ _id: new Types.ObjectId(image.id) })).toBe(0);
  });

  it('writes the metadata of renders within the window in one bulk write, and fails only a write the schema refuses', async () => {
    const connection = await mongoose.createConnection(testStoreUrl(), { dbName, monitorCommands: true }).asPromise();
    try {
      let metadataWrites = 0;
      connection.getClient().on('commandStarted', (event) => {
        if (event.commandName === 'update' && event.command['update'] === 'image_metadata') metadataWrites += 1;
      });
      const catalog = catalogOn(connection);
      const metadata = connection.model(ImageMetadata.name, ImageMetadataSchema);
      const rendered = await Promise.all(Array.from({ length: 5 }, (_, index) => insertImage(`fp-meta-window-${index}`)));
      const read = { mediaType: 'image' as const, mimeType: 'image/jpeg', width: 3, height: 4, takenAt: null, takenAtSource: null, camera: null, lens: null, exposure: null, gps: null, durationMs: null, videoCodec: null };
      const spacingMs = CURRENT_CHECK_WINDOW_MS / 10;

      const outcomes = await Promise.allSettled(
        rendered.map(async (image, index) => {
          await new Promise((resolve) => setTimeout(resolve, index * spacingMs));
          const mediaType = index === 2 ? ('audio' as unknown as 'image') : read.mediaType;
          return catalog.recordMetadata(image, image.fingerprint ?? '', { ...read, mediaType, width: index });
        }),
      );

      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect(String((outcomes[2] as PromiseRejectedResult).reason)).toContain('audio');
      expect(metadataWrites).toBe(1);
      const stored = await metadata.find({ _id: { $in: rendered.map((image) => new Types.ObjectId(image.id)) } }, { width: 1 }).lean();
      expect(stored.map((record) => record.width).sort()).toEqual([0, 1, 3, 4]);
    } finally {
      await connection.close();
    }
  });

  it('sees a job cancelled after its first check once the cached answer lapses, and a cancelled parent too', async () => {
    const catalog = catalogOn(connections[0]);
    const jobs = connections[0].model(BackgroundJob.name, BackgroundJobSchema);
    const parent = await jobs.create({ type: JobType.LibraryScan, stages: [{ name: StageName.Discover }] });
    const child = await jobs.create({ type: JobType.CollectionScan, parentId: parent._id, stages: [{ name: StageName.Thumbnail }] });
    expect(await catalog.isJobCancelled(child._id.toHexString())).toBe(false);

    await jobs.updateOne({ _id: parent._id }, { $set: { status: JobStatus.Cancelled } });

    await eventually('the cancel seen', async () => (await catalog.isJobCancelled(child._id.toHexString())) || undefined, CANCEL_CHECK_TTL_MS * 5);
  });

  it('reads the images of a burst of requests in one find, each as it is', async () => {
    const connection = await mongoose.createConnection(testStoreUrl(), { dbName, monitorCommands: true }).asPromise();
    try {
      let imageReads = 0;
      connection.getClient().on('commandStarted', (event) => {
        if (event.commandName === 'find' && event.command['find'] === 'images') imageReads += 1;
      });
      const catalog = catalogOn(connection);
      const burst = await Promise.all(Array.from({ length: 16 }, (_, index) => insertImage(`fp-burst-${index}`)));
      const unknownId = new Types.ObjectId().toHexString();

      const found = await Promise.all([...burst.map((image) => catalog.findImage(image.id)), catalog.findImage(unknownId)]);

      expect(found).toEqual([...burst, null]);
      expect(imageReads).toBe(1);
      await images.updateOne({ _id: burst[0]!.id }, { $set: { fingerprint: 'fp-burst-changed' } });
      expect(await catalog.findImage(burst[0]!.id)).toMatchObject({ fingerprint: 'fp-burst-changed' });
    } finally {
      await connection.close();
    }
  });

  it('checks the images of derivatives recorded one after another within the check window in one find', async () => {
    const connection = await mongoose.createConnection(testStoreUrl(), { dbName, monitorCommands: true }).asPromise();
    try {
      let imageReads = 0;
      connection.getClient().on('commandStarted', (event) => {
        if (event.commandName === 'find' && event.command['find'] === 'images') imageReads += 1;
      });
      const catalog = catalogOn(connection);
      const rendered = await Promise.all(Array.from({ length: 6 }, (_, index) => insertImage(`fp-window-${index}`)));
      await images.updateOne({ _id: rendered[5]!.id }, { $set: { fingerprint: 'fp-window-changed' } });
      const spacingMs = CURRENT_CHECK_WINDOW_MS / 10;

      const outcomes = await Promise.all(
        rendered.map(async (image, index) => {
          await new Promise((resolve) => setTimeout(resolve, index * spacingMs));
          return catalog.recordDerivative(image, image.fingerprint ?? '', DerivativeKind.Cache, ready(`c/${image.id}`));
        }),
      );

      expect(outcomes.map((outcome) => outcome.current)).toEqual([true, true, true, true, true, false]);
      expect(imageReads).toBe(1);
    } finally {
      await connection.close();
    }
  });

  it('reads a job and its parent once for a burst of checks that arrive together', async () => {
    const connection = await mongoose.createConnection(testStoreUrl(), { dbName, monitorCommands: true }).asPromise();
    try {
      const jobReads: string[] = [];
      connection.getClient().on('commandStarted', (event) => {
        if (event.commandName === 'find' && event.command['find'] === 'background_jobs') jobReads.push(String(event.command['filter']?._id));
      });
      const jobs = connection.model(BackgroundJob.name, BackgroundJobSchema);
      const parent = await jobs.create({ type: JobType.LibraryScan, stages: [{ name: StageName.Discover }] });
      const child = await jobs.create({ type: JobType.CollectionScan, parentId: parent._id, stages: [{ name: StageName.Cache }] });
      const catalog = catalogOn(connection);

      const answers = await Promise.all(Array.from({ length: 16 }, () => catalog.isJobCancelled(child._id.toHexString())));

      expect(answers).toEqual(Array(16).fill(false));
      expect(jobReads).toEqual([child._id.toHexString(), parent._id.toHexString()]);
    } finally {
      await connection.close();
    }
  });

  it('keeps a library root once read (roots never change) until told the library is gone', async () => {
    const catalog = catalogOn(connections[0]);
    const libraries = connections[0].model(Library.name, LibrarySchema);
    const library = await libraries.create({ name: uniqueName('lib'), rootPath: '/photos/kept' });
    const id = library._id.toHexString();
    expect(await catalog.findLibrary(id)).toEqual({ id, rootPath: '/photos/kept' });

    await libraries.deleteOne({ _id: library._id });
    expect(await catalog.findLibrary(id)).toEqual({ id, rootPath: '/photos/kept' });
    catalog.forgetLibraryRoot(id);
    expect(await catalog.findLibrary(id)).toBeNull();
  });

  it('reads a library forgotten while its root is being read as gone, and does not keep that read', async () => {
    const catalog = catalogOn(connections[0]);
    const libraries = connections[0].model(Library.name, LibrarySchema);
    const library = await libraries.create({ name: uniqueName('lib'), rootPath: '/photos/going' });
    const id = library._id.toHexString();

    const reading = catalog.findLibrary(id);
    catalog.forgetLibraryRoot(id);
    await libraries.deleteOne({ _id: library._id });

    expect(await reading).toBeNull();
    expect(await catalog.findLibrary(id)).toBeNull();
  });
});
