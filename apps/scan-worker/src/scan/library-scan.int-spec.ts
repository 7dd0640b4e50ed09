import { DerivativeKind, DerivativeState, LibraryStatus, RoutingKey, ScanMode, StageName } from '@mediaflow/contracts';
import { eventually } from '@mediaflow/testing';
import { rename, rm, stat, symlink, unlink } from 'node:fs/promises';
import { Types } from 'mongoose';
import { LibraryTree, startScanWorker, type ScanWorkerFixture } from '../testing/scan-worker-harness';
import { LibraryScanService } from './library-scan.service';

describe(LibraryScanService.name, () => {
  let fixture: ScanWorkerFixture;
  let tree: LibraryTree;

  beforeAll(async () => {
    fixture = await startScanWorker();
  });

  afterAll(async () => {
    await fixture.stop();
  });

  beforeEach(async () => {
    tree = await LibraryTree.create();
  });

  afterEach(async () => {
    await tree.remove();
  });

  async function createLibrary(fields: { include?: string[]; exclude?: string[] } = {}): Promise<string> {
    const library = await fixture.libraries.create({ name: `lib-${new Types.ObjectId().toHexString()}`, rootPath: tree.root, ...fields });
    return library._id.toHexString();
  }

  /** Requests a scan and waits until it ended (its discover total, or its failure, was published). */
  async function scan(libraryId: string, mode = ScanMode.Incremental, jobId = new Types.ObjectId().toHexString()): Promise<string> {
    const ended = (): number =>
      fixture.capture.of(RoutingKey.JobFailed, { jobId }).length +
      fixture.capture.of(RoutingKey.JobStageTotal, { jobId, stage: StageName.Discover }).length;
    const endedBefore = ended();
    await fixture.service.publisher.publish(RoutingKey.LibraryScanRequested, { jobId, libraryId, mode });
    await eventually(`scan ${jobId} to end`, () => ended() > endedBefore);
    return jobId;
  }

  const totalOf = (jobId: string, stage: StageName): number | undefined =>
    fixture.capture.of(RoutingKey.JobStageTotal, { jobId, stage }).at(-1)?.total;

  const renderedIds = (jobId: string, key: RoutingKey.ThumbnailRequested | RoutingKey.CacheRequested = RoutingKey.ThumbnailRequested): string[] =>
    fixture.capture.of(key, { jobId }).map((request) => request.imageId).sort();

  /** What a render worker records once it rendered `kind` of the image from `fingerprint`. */
  async function recordReady(image: { _id: Types.ObjectId; fingerprint: string | null } | undefined, kind: DerivativeKind, fingerprint = image?.fingerprint): Promise<void> {
    const libraryId = (await fixture.images.findById(image?._id).lean())?.libraryId;
    await fixture.derivatives.create({
      imageId: image?._id,
      libraryId,
      kind,
      state: DerivativeState.Ready,
      sourceFingerprint: fingerprint ?? undefined,
      path: `${kind}/${String(image?._id)}.img`,
      updatedAt: new Date(),
    });
    // The thumbnail-worker records the image's metadata with its thumbnail (docs/pipeline.md, "Metadata").
    if (kind === DerivativeKind.Thumbnail) {
      const collectionId = (await fixture.images.findById(image?._id).lean())?.collectionId;
      await fixture.metadata.create({ _id: image?._id, libraryId, collectionId, sourceFingerprint: fingerprint ?? '', mediaType: 'image', updatedAt: new Date() });
    }
  }

  async function liveImages(libraryId: string): Promise<Array<{ _id: Types.ObjectId; collectionId: Types.ObjectId; relativePath: string; fingerprint: string | null }>> {
    return fixture.images.find({ libraryId, deletedAt: null }).sort({ relativePath: 1 }).lean();
  }

  it('indexes a new library folder by folder and asks for every render', async () => {
    await tree.image('a.jpg', 1);
    await tree.image('b.JPG', 2);
    await tree.image('sub/c.png', 3);
    await tree.file('notes.txt', 'not an image');
    const libraryId = await createLibrary();

    const jobId = await scan(libraryId);

    const images = await liveImages(libraryId);
    expect(images.map((image) => image.relativePath)).toEqual(['a.jpg', 'b.JPG', 'sub/c.png']);
    expect(images.every((image) => /^[0-9a-f]{64}$/.test(image.fingerprint ?? ''))).toBe(true);
    const collections = await fixture.collections.find({ libraryId }).sort({ relativePath: 1 }).lean();
    expect(collections.map((collection) => [collection.relativePath, collection.imageCount])).toEqual([
      ['', 2],
      ['sub', 1],
    ]);
    const discovered = fixture.capture.of(RoutingKey.JobItemsReported, { jobId, stage: StageName.Discover }).flatMap((report) => report.items);
    expect(discovered.map((item) => item.itemId).sort()).toEqual(['.', 'sub']);
    expect(totalOf(jobId, StageName.Discover)).toBe(2);
    const ids = images.map((image) => image._id.toHexString()).sort();
    expect(renderedIds(jobId)).toEqual(ids);
    expect(renderedIds(jobId, RoutingKey.CacheRequested)).toEqual(ids);
    expect(totalOf(jobId, StageName.Thumbnail)).toBe(3);
    expect(totalOf(jobId, StageName.Cache)).toBe(3);
    const library = await fixture.libraries.findById(libraryId).lean();
    expect(library).toMatchObject({ status: LibraryStatus.Online, imageCount: 3, collectionCount: 2 });
    expect(library?.lastScanAt).toBeInstanceOf(Date);
  });

  it('indexes every folder of a tree larger than one store window and publishes no render work when rescanning it unchanged', async () => {
    const window = fixture.service.env.SCAN_FOLDER_BATCH;
    const folders = Array.from({ length: 2 * window + 6 }, (_, index) => `f${String(index).padStart(3, '0')}`);
    await tree.image('root.jpg', 1);
    for (const [index, folder] of folders.entries()) {
      await tree.image(`${folder}/a.jpg`, 2 * index + 2);
      await tree.image(`${folder}/b.jpg`, 2 * index + 3);
    }
    const libraryId = await createLibrary();

    const firstJobId = await scan(libraryId);

    const expectedPaths = ['root.jpg', ...folders.flatMap((folder) => [`${folder}/a.jpg`, `${folder}/b.jpg`])].sort();
    const images = await liveImages(libraryId);
    expect(images.map((image) => image.relativePath).sort()).toEqual(expectedPaths);
    const collections = await fixture.collections.find({ libraryId, deletedAt: null }).lean();
    expect(collections.map((collection) => collection.relativePath).sort()).toEqual(['', ...folders]);
    // A scan tells a collection created after it began (a watch batch's) by this.
    expect(collections.every((collection) => collection.createdAt instanceof Date)).toBe(true);
    const collectionOf = new Map(collections.map((collection) => [collection._id.toHexString(), collection.relativePath]));
    expect(images.every((image) => collectionOf.get(image.collectionId.toHexString()) === image.relativePath.split('/').slice(0, -1).join('/'))).toBe(true);
    expect(totalOf(firstJobId, StageName.Discover)).toBe(folders.length + 1);
    expect(renderedIds(firstJobId)).toHaveLength(expectedPaths.length);

    const jobId = await scan(libraryId);

    expect(renderedIds(jobId)).toEqual([]);
    expect(renderedIds(jobId, RoutingKey.CacheRequested)).toEqual([]);
    expect(totalOf(jobId, StageName.Thumbnail)).toBe(0);
    expect(totalOf(jobId, StageName.Cache)).toBe(0);
    expect(totalOf(jobId, StageName.Discover)).toBe(folders.length + 1);
    expect(await fixture.images.countDocuments({ libraryId })).toBe(expectedPaths.length);
    expect(await fixture.collections.countDocuments({ libraryId, deletedAt: null })).toBe(folders.length + 1);
  });

  it('sends the same render work again when the same scan is delivered twice', async () => {
    await tree.image('a.jpg', 1);
    await tree.image('sub/b.jpg', 2);
    const libraryId = await createLibrary();
    const jobId = await scan(libraryId);
    const first = renderedIds(jobId);

    await scan(libraryId, ScanMode.Incremental, jobId);

    expect(renderedIds(jobId)).toEqual([...first, ...first].sort());
    expect(fixture.capture.of(RoutingKey.JobStageTotal, { jobId, stage: StageName.Thumbnail }).map((total) => total.total)).toEqual([2, 2]);
    expect(await fixture.images.countDocuments({ libraryId })).toBe(2);
  });

  it('updates changed files, soft-deletes removed ones and keeps a moved image with its derivatives', async () => {
    for (const [index, name] of ['changed.jpg', 'removed.jpg', 'moved.jpg', 'd.jpg', 'e.jpg', 'f.jpg'].entries()) {
      await tree.image(name, index + 1);
    }
    const libraryId = await createLibrary();
    await scan(libraryId);
    const before = new Map((await liveImages(libraryId)).map((image) => [image.relativePath, image]));
    await recordReady(before.get('moved.jpg'), DerivativeKind.Thumbnail);
    await recordReady(before.get('changed.jpg'), DerivativeKind.Thumbnail);
    const recordsBefore = await fixture.derivatives.find({ libraryId }).sort({ _id: 1 }).lean();

    await tree.image('changed.jpg', 40);
    await unlink(tree.path('removed.jpg'));
    await tree.image('elsewhere/moved.jpg', 3);
    await unlink(tree.path('moved.jpg'));
    await tree.image('new.jpg', 50);
    const jobId = await scan(libraryId);

    const after = new Map((await liveImages(libraryId)).map((image) => [image.relativePath, image]));
    expect([...after.keys()].sort()).toEqual(['changed.jpg', 'd.jpg', 'e.jpg', 'elsewhere/moved.jpg', 'f.jpg', 'new.jpg']);
    const moved = await fixture.images.findById(after.get('elsewhere/moved.jpg')?._id).lean();
    expect(moved?._id.equals(before.get('moved.jpg')?._id)).toBe(true);
    // Derivative records are keyed by image id: the move keeps them, and the scan writes none of them
    // (the changed image's record is left as it was, no longer ready for its new fingerprint).
    expect(await fixture.derivatives.find({ libraryId }).sort({ _id: 1 }).lean()).toEqual(recordsBefore);
    const movedCollection = await fixture.collections.findOne({ libraryId, relativePath: 'elsewhere' }).lean();
    expect(moved?.collectionId.equals(movedCollection?._id)).toBe(true);
    expect(after.get('changed.jpg')?.fingerprint).not.toBe(before.get('changed.jpg')?.fingerprint);
    expect(renderedIds(jobId)).toEqual([after.get('changed.jpg')?._id.toHexString(), after.get('new.jpg')?._id.toHexString()].sort());
    const removedId = before.get('removed.jpg')?._id;
    expect((await fixture.images.findById(removedId).lean())?.deletedAt).toBeInstanceOf(Date);
    const purged = fixture.capture.of(RoutingKey.DerivativesPurgeRequested, { libraryId }).flatMap((purge) => purge.imageIds);
    expect(purged).toEqual([removedId?.toHexString()]);
    expect(await fixture.libraries.findById(libraryId).lean()).toMatchObject({ imageCount: 6, collectionCount: 2 });
  });

  it('keeps each collection\'s and the library\'s counts equal to their live images through moves, deletions, vanished and revived folders', async () => {
    /** The counts as a recount of the live rows gives them, next to the counts the scans wrote. */
    const counts = async (libraryId: string) => {
      const collections = await fixture.collections.find({ libraryId, deletedAt: null }).sort({ relativePath: 1 }).lean();
      const images = await liveImages(libraryId);
      const library = await fixture.libraries.findById(libraryId).lean();
      return {
        written: { library: [library?.imageCount, library?.collectionCount], collections: collections.map((row) => [row.relativePath, row.imageCount]) },
        recounted: {
          library: [images.length, collections.length],
          collections: collections.map((row) => [row.relativePath, images.filter((image) => image.collectionId.equals(row._id)).length]),
        },
      };
    };
    for (const [seed, name] of ['a/1.jpg', 'a/2.jpg', 'a/3.jpg', 'b/4.jpg', 'b/5.jpg', 'c/6.jpg'].entries()) await tree.image(name, seed + 1);
    const libraryId = await createLibrary();
    await scan(libraryId, ScanMode.Full);
    const first = await counts(libraryId);
    expect(first.written).toEqual(first.recounted);
    expect(first.written.library).toEqual([6, 3]);

    await tree.image('b/1.jpg', 1);
    await unlink(tree.path('a/1.jpg'));
    await unlink(tree.path('a/2.jpg'));
    await rm(tree.path('c'), { recursive: true });
    await tree.image('d/7.jpg', 7);
    await scan(libraryId);
    const second = await counts(libraryId);
    expect(second.written).toEqual(second.recounted);
    expect(second.written.collections).toEqual([['a', 1], ['b', 3], ['d', 1]]);

    await tree.image('c/6.jpg', 6);
    await scan(libraryId, ScanMode.Full);
    const third = await counts(libraryId);
    expect(third.written).toEqual(third.recounted);
    expect(third.written.library).toEqual([6, 4]);
  });

  it("stores each image's media kind from its path, and gives a changed row written before kinds existed its kind", async () => {
    await tree.image('photo.jpg', 1);
    await tree.file('clip.mp4', 'not really a video');
    await tree.file('raw/shot.CR2', 'not really a raw');
    const libraryId = await createLibrary();
    const kinds = async () => {
      const rows = await fixture.images.find({ libraryId, deletedAt: null }, { relativePath: 1, mediaKind: 1 }).lean();
      return Object.fromEntries(rows.map((row) => [row.relativePath, row.mediaKind ?? null]));
    };
    await scan(libraryId);
    expect(await kinds()).toEqual({ 'photo.jpg': 'still', 'clip.mp4': 'video', 'raw/shot.CR2': 'raw' });

    // Rows written before the field existed: only the one the next scan rewrites (a changed file) gets its kind.
    await fixture.images.updateMany({ libraryId }, { $unset: { mediaKind: 1 } });
    await tree.file('clip.mp4', 'not really a video, and longer now');
    await scan(libraryId);
    expect(await kinds()).toEqual({ 'photo.jpg': null, 'clip.mp4': 'video', 'raw/shot.CR2': null });
  });

  it('soft-deletes the collection of a folder that vanished, with its images, and keeps the folders it found', async () => {
    for (const seed of [1, 2, 3]) await tree.image(`kept/${seed}.jpg`, seed);
    await tree.image('gone/a.jpg', 4);
    const libraryId = await createLibrary();
    await scan(libraryId);
    const goneImage = (await liveImages(libraryId)).find((image) => image.relativePath === 'gone/a.jpg');
    await rm(tree.path('gone'), { recursive: true });

    await scan(libraryId);

    const collections = await fixture.collections.find({ libraryId }).sort({ relativePath: 1 }).lean();
    expect(collections.map((collection) => [collection.relativePath, collection.deletedAt === null])).toEqual([
      ['gone', false],
      ['kept', true],
    ]);
    expect((await fixture.images.findById(goneImage?._id).lean())?.deletedAt).toBeInstanceOf(Date);
    expect(fixture.capture.of(RoutingKey.DerivativesPurgeRequested, { libraryId }).flatMap((purge) => purge.imageIds)).toEqual([goneImage?._id.toHexString()]);
    expect(await fixture.libraries.findById(libraryId).lean()).toMatchObject({ imageCount: 3, collectionCount: 1 });
  });

  it('skips hidden files and junk, applies globs and does not loop through a symlinked parent', async () => {
    await tree.image('keep.jpg', 1);
    await tree.file('.DS_Store', 'junk');
    await tree.image('._keep.jpg', 2);
    await tree.image('@eaDir/keep.jpg', 3);
    await tree.image('#recycle/old.jpg', 4);
    await tree.image('private/secret.jpg', 5);
    await tree.image('sub/inner.jpg', 6);
    await tree.image('sub/skip.gif', 7);
    await symlink(tree.root, tree.path('sub/loop'));
    const libraryId = await createLibrary({ exclude: ['private/**', '**/*.gif'] });

    await scan(libraryId);

    expect((await liveImages(libraryId)).map((image) => image.relativePath)).toEqual(['keep.jpg', 'sub/inner.jpg']);
  });

  it('fails the job and takes the library offline when its root went away, touching nothing', async () => {
    await tree.image('a.jpg', 1);
    await tree.image('b.jpg', 2);
    const libraryId = await createLibrary();
    await scan(libraryId);
    await rename(tree.root, `${tree.root}-unmounted`);

    try {
      const jobId = await scan(libraryId);

      expect(fixture.capture.of(RoutingKey.JobFailed, { jobId })[0]?.reason).toContain('does not exist');
      expect(await fixture.libraries.findById(libraryId).lean()).toMatchObject({ status: LibraryStatus.Offline, statusReason: expect.any(String) });
      expect(await liveImages(libraryId)).toHaveLength(2);
      expect(fixture.capture.of(RoutingKey.DerivativesPurgeRequested, { libraryId })).toEqual([]);
    } finally {
      await rename(`${tree.root}-unmounted`, tree.root);
    }
  });

  it('deletes nothing when more than the allowed share of images is missing', async () => {
    for (const seed of [1, 2, 3, 4]) await tree.image(`dir/${seed}.jpg`, seed);
    const libraryId = await createLibrary();
    await scan(libraryId);
    for (const seed of [1, 2, 3]) await unlink(tree.path(`dir/${seed}.jpg`));

    const jobId = await scan(libraryId);

    expect(fixture.capture.of(RoutingKey.JobFailed, { jobId })[0]?.reason).toContain('3 of 4 images');
    expect(await fixture.libraries.findById(libraryId).lean()).toMatchObject({ status: LibraryStatus.NeedsAttention });
    expect(await liveImages(libraryId)).toHaveLength(4);
    expect(await fixture.images.countDocuments({ libraryId, 'scan.missingInJob': { $ne: null } })).toBe(0);
    expect(fixture.capture.of(RoutingKey.DerivativesPurgeRequested, { libraryId })).toEqual([]);

    // The refused scan recorded no listing: the next one sees the same missing files, not a current folder.
    const again = await scan(libraryId);
    expect(fixture.capture.of(RoutingKey.JobFailed, { jobId: again })[0]?.reason).toContain('3 of 4 images');
  });

  it('trusts a folder listing recorded by an earlier scan and diffs only the folders whose listing changed', async () => {
    await tree.image('same/a.jpg', 1);
    await tree.image('same/b.jpg', 2);
    await tree.image('edited/c.jpg', 3);
    const libraryId = await createLibrary();
    await scan(libraryId);
    const collections = await fixture.collections.find({ libraryId }).lean();
    const recorded = await fixture.listings.find({ _id: { $in: collections.map((collection) => collection._id) } }).lean();
    expect(recorded.map((listing) => listing.digest)).toEqual([expect.any(String), expect.any(String)]);
    // A stored size that no longer matches the disk: a diff of 'same' would take a.jpg for changed.
    const a = (await liveImages(libraryId)).find((image) => image.relativePath === 'same/a.jpg');
    await fixture.images.updateOne({ _id: a?._id }, { $set: { size: 1 } });
    await tree.image('edited/c.jpg', 30);
    await tree.image('edited/new.jpg', 4);

    const jobId = await scan(libraryId);

    const after = new Map((await liveImages(libraryId)).map((image) => [image.relativePath, image]));
    expect(renderedIds(jobId)).toEqual([after.get('edited/c.jpg')?._id.toHexString(), after.get('edited/new.jpg')?._id.toHexString()].sort());
    expect(after.get('same/a.jpg')?._id.equals(a?._id)).toBe(true);
    expect(totalOf(jobId, StageName.Discover)).toBe(2);
    expect(await fixture.libraries.findById(libraryId).lean()).toMatchObject({ imageCount: 4, collectionCount: 2 });

    expect((await fixture.images.findById(a?._id).lean())?.size).toBe(1);

    // A full scan never trusts a recorded listing: it finds the stored size wrong and corrects it.
    await scan(libraryId, ScanMode.Full);
    expect((await fixture.images.findById(a?._id).lean())?.size).toBe((await stat(tree.path('same/a.jpg'))).size);
  });

  it('creates one child job per collection with render work in a full scan', async () => {
    await tree.image('a.jpg', 1);
    await tree.image('sub/b.jpg', 2);
    await tree.image('sub/c.jpg', 3);
    const libraryId = await createLibrary();

    const jobId = await scan(libraryId, ScanMode.Full);

    const children = await fixture.jobs.find({ parentId: new Types.ObjectId(jobId) }).lean();
    expect(children).toHaveLength(2);
    const childIds = children.map((child) => child._id.toHexString());
    const perChild = childIds.map((childId) => [totalOf(childId, StageName.Thumbnail), totalOf(childId, StageName.Cache), renderedIds(childId).length]);
    expect(perChild.sort()).toEqual([
      [1, 1, 1],
      [2, 2, 2],
    ]);
    expect(children[0]?.stages.map((stage) => [stage.name, stage.status, stage.totalKnown])).toEqual([
      [StageName.Thumbnail, 'pending', false],
      [StageName.Cache, 'pending', false],
    ]);
    expect(renderedIds(jobId)).toEqual([]);
    expect(totalOf(jobId, StageName.Thumbnail)).toBeUndefined();
  });

  it('renders nothing in a full scan when every derivative is ready for its fingerprint', async () => {
    await tree.image('a.jpg', 1);
    const libraryId = await createLibrary();
    await scan(libraryId);
    const [image] = await liveImages(libraryId);
    await recordReady(image, DerivativeKind.Thumbnail);
    await recordReady(image, DerivativeKind.Cache);

    const jobId = await scan(libraryId, ScanMode.Full);

    expect(await fixture.jobs.countDocuments({ parentId: new Types.ObjectId(jobId) })).toBe(0);
    expect(totalOf(jobId, StageName.Thumbnail)).toBe(0);
    expect(totalOf(jobId, StageName.Cache)).toBe(0);
  });

  it('fails the job of a library that does not exist', async () => {
    const jobId = await scan(new Types.ObjectId().toHexString());

    expect(fixture.capture.of(RoutingKey.JobFailed, { jobId })[0]?.reason).toContain('does not exist');
  });

  it('renders again in a full scan what is not ready for the current fingerprint: a missing kind or a stale record', async () => {
    for (const [seed, name] of ['both.jpg', 'thumbnail-only.jpg', 'stale.jpg'].entries()) await tree.image(name, seed + 1);
    const libraryId = await createLibrary();
    await scan(libraryId);
    const images = new Map((await liveImages(libraryId)).map((image) => [image.relativePath, image]));
    for (const kind of Object.values(DerivativeKind)) await recordReady(images.get('both.jpg'), kind);
    await recordReady(images.get('thumbnail-only.jpg'), DerivativeKind.Thumbnail);
    await recordReady(images.get('stale.jpg'), DerivativeKind.Thumbnail);
    await recordReady(images.get('stale.jpg'), DerivativeKind.Cache, 'an-older-fingerprint');

    const jobId = await scan(libraryId, ScanMode.Full);

    const [child] = await fixture.jobs.find({ parentId: new Types.ObjectId(jobId) }).lean();
    const expected = [images.get('thumbnail-only.jpg'), images.get('stale.jpg')].map((image) => image?._id.toHexString()).sort();
    expect(renderedIds(child?._id.toHexString() ?? '')).toEqual(expected);
    expect(renderedIds(child?._id.toHexString() ?? '', RoutingKey.CacheRequested)).toEqual(expected);
  });
});
