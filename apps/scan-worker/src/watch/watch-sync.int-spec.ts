import { FileChangeKind, RoutingKey, ScanMode, StageName, type FileChange } from '@mediaflow/contracts';
import { eventually } from '@mediaflow/testing';
import { mkdir, rename, unlink } from 'node:fs/promises';
import { Types } from 'mongoose';
import { LibraryTree, startScanWorker, type ScanWorkerFixture } from '../testing/scan-worker-harness';
import { WatchSyncService } from './watch-sync.service';

const { Added, Removed } = FileChangeKind;

describe(WatchSyncService.name, () => {
  let fixture: ScanWorkerFixture;
  let tree: LibraryTree;
  let libraryId: string;

  beforeAll(async () => {
    fixture = await startScanWorker();
  });

  afterAll(async () => {
    await fixture.stop();
  });

  beforeEach(async () => {
    tree = await LibraryTree.create();
    await tree.image('a.jpg', 1);
    await tree.image('sub/b.jpg', 2);
    libraryId = (await fixture.libraries.create({ name: `lib-${new Types.ObjectId().toHexString()}`, rootPath: tree.root }))._id.toHexString();
    await runToEnd(RoutingKey.LibraryScanRequested, { libraryId, mode: ScanMode.Incremental });
  });

  afterEach(async () => {
    await tree.remove();
  });

  /** Publishes a scan or a batch and waits until its discover total (or its failure) was published. */
  async function runToEnd(key: RoutingKey.LibraryScanRequested | RoutingKey.LibraryFilesChanged, payload: object): Promise<string> {
    const jobId = new Types.ObjectId().toHexString();
    await fixture.service.publisher.publish(key, { jobId, ...payload } as never);
    await eventually(`job ${jobId} to end`, () =>
      fixture.capture.of(RoutingKey.JobFailed, { jobId }).length + fixture.capture.of(RoutingKey.JobStageTotal, { jobId, stage: StageName.Discover }).length > 0,
    );
    return jobId;
  }

  const batch = (changes: FileChange[]): Promise<string> => runToEnd(RoutingKey.LibraryFilesChanged, { libraryId, changes });

  async function counts(): Promise<{ library: [number, number]; collections: Array<[string, number]> }> {
    const library = await fixture.libraries.findById(libraryId).lean().orFail();
    const collections = await fixture.collections.find({ libraryId, deletedAt: null }).lean();
    return {
      library: [library.imageCount, library.collectionCount],
      collections: collections.map((collection): [string, number] => [collection.relativePath, collection.imageCount]).sort(),
    };
  }

  it('inserts the added files, asks their renders on the batch job and updates the counters', async () => {
    await tree.image('c.jpg', 3);
    await tree.image('new/d.jpg', 4);

    const jobId = await batch([
      { kind: Added, relativePath: 'c.jpg' },
      { kind: Added, relativePath: 'new/d.jpg' },
    ]);

    const added = await fixture.images.find({ libraryId, relativePath: { $in: ['c.jpg', 'new/d.jpg'] } }).lean();
    const requested = fixture.capture.of(RoutingKey.ThumbnailRequested, { jobId });
    expect(requested.map((request) => request.imageId).sort()).toEqual(added.map((image) => image._id.toHexString()).sort());
    expect(requested.map((request) => request.fingerprint).sort()).toEqual(added.map((image) => image.fingerprint).sort());
    expect(fixture.capture.of(RoutingKey.JobStageTotal, { jobId, stage: StageName.Thumbnail }).at(-1)?.total).toBe(2);
    expect(await counts()).toEqual({ library: [4, 3], collections: [['', 2], ['new', 1], ['sub', 1]] });
  });

  it('leaves a file of the same folder outside the batch to its own batch', async () => {
    const before = await fixture.images.findOne({ libraryId, relativePath: 'a.jpg' }).lean().orFail();
    await tree.image('c.jpg', 3);
    await tree.image('still-writing.jpg', 6);
    await tree.image('a.jpg', 8); // being rewritten: its own batch comes once the write is stable

    await batch([{ kind: Added, relativePath: 'c.jpg' }]);

    expect(await fixture.images.findOne({ libraryId, relativePath: 'still-writing.jpg' }).lean()).toBeNull();
    expect((await fixture.images.findById(before._id).lean())?.fingerprint).toBe(before.fingerprint);
    expect(await counts()).toEqual({ library: [3, 2], collections: [['', 2], ['sub', 1]] });
  });

  it('keeps a file moved within a batch as the same image, rendering nothing', async () => {
    const before = await fixture.images.findOne({ libraryId, relativePath: 'a.jpg' }).lean().orFail();
    await mkdir(tree.path('moved'));
    await rename(tree.path('a.jpg'), tree.path('moved/a.jpg'));
    await tree.image('e.jpg', 5);

    const jobId = await batch([
      { kind: Removed, relativePath: 'a.jpg' },
      { kind: Added, relativePath: 'moved/a.jpg' },
      { kind: Added, relativePath: 'e.jpg' },
    ]);

    const moved = await fixture.images.findOne({ libraryId, relativePath: 'moved/a.jpg' }).lean().orFail();
    expect(moved._id).toEqual(before._id);
    const added = await fixture.images.findOne({ libraryId, relativePath: 'e.jpg' }).lean().orFail();
    expect(fixture.capture.of(RoutingKey.ThumbnailRequested, { jobId }).map((request) => request.imageId)).toEqual([added._id.toHexString()]);
    expect(fixture.capture.of(RoutingKey.DerivativesPurgeRequested, { libraryId })).toEqual([]);
    expect(await counts()).toEqual({ library: [3, 3], collections: [['', 1], ['moved', 1], ['sub', 1]] });
  });

  it('soft-deletes a removed file, purges it and drops its emptied folder', async () => {
    const removed = await fixture.images.findOne({ libraryId, relativePath: 'sub/b.jpg' }).lean().orFail();
    await unlink(tree.path('sub/b.jpg'));

    const jobId = await batch([{ kind: Removed, relativePath: 'sub/b.jpg' }]);

    expect((await fixture.images.findById(removed._id).lean())?.deletedAt).toBeInstanceOf(Date);
    expect(fixture.capture.of(RoutingKey.DerivativesPurgeRequested, { libraryId }).flatMap((purge) => purge.imageIds)).toEqual([removed._id.toHexString()]);
    expect(fixture.capture.of(RoutingKey.ThumbnailRequested, { jobId })).toEqual([]);
    expect(await counts()).toEqual({ library: [1, 1], collections: [['', 1]] });
  });
});
