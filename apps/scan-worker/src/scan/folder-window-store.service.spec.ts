import type { FolderListing, Image, MediaCollection } from '@mediaflow/persistence';
import { ScanMode } from '@mediaflow/contracts';
import { Types, type Model } from 'mongoose';
import type { DiskFile, WalkedFolder } from '../walk/library-walker';
import { listingDigest } from '../walk/listing-digest';
import { FolderWindowStore } from './folder-window-store.service';
import type { ScanContext } from './scan-context';

interface CollectionRow {
  _id: Types.ObjectId;
  relativePath: string;
  deletedAt: Date | null;
  listingDigest: string | null;
  listingJobId: Types.ObjectId | null;
}

type Write = { insertOne: { document: CollectionRow } } | { updateOne: { filter: { _id: Types.ObjectId }; update: { $set: Record<string, unknown> } } };

describe(FolderWindowStore.name, () => {
  const jobId = new Types.ObjectId();
  let scan: ScanContext;
  let collections: CollectionRow[];
  let images: Array<{ _id: Types.ObjectId; collectionId: Types.ObjectId; relativePath: string }>;
  /** Paths another scan creates between this one's find and its insert. */
  let createdMeanwhile: string[];
  let updates: Array<{ _id: Types.ObjectId; set: Record<string, unknown> }>;
  let imageQueries: number;
  let collectionReads: number;
  /** Collection ids whose listing records were deleted, and listing records inserted. */
  let forgotten: Types.ObjectId[];
  let recorded: Array<Record<string, unknown>>;

  /** A query as the code under test chains it: awaited after lean(), or streamed through cursor(). */
  function query<T>(rows: T[]) {
    const chain = {
      sort: () => chain,
      batchSize: () => chain,
      lean: () => chain,
      cursor: () => ({
        async *[Symbol.asyncIterator]() {
          yield* rows;
        },
        close: () => Promise.resolve(),
      }),
      then: (resolve: (value: T[]) => unknown, reject: (reason: unknown) => unknown) => Promise.resolve(rows).then(resolve, reject),
    };
    return chain;
  }
  let sut: FolderWindowStore;

  beforeEach(() => {
    scan = {
      jobId,
      libraryId: new Types.ObjectId(),
      mode: ScanMode.Incremental,
      rootPath: '/lib',
      children: new Map(),
      unreadableFolders: [],
      startedAt: new Date(),
      seenCollections: new Set(),
    };
    collections = [];
    images = [];
    createdMeanwhile = [];
    updates = [];
    imageQueries = 0;
    collectionReads = 0;
    forgotten = [];
    recorded = [];
    const collectionModel = {
      find: (filter: { relativePath?: { $in: string[] } }) => {
        collectionReads += 1;
        return query(collections.filter((row) => !filter.relativePath || filter.relativePath.$in.includes(row.relativePath)));
      },
      bulkWrite: (writes: Write[]) => {
        const writeErrors: Array<{ index: number; code: number }> = [];
        writes.forEach((write, index) => {
          if ('updateOne' in write) {
            updates.push({ _id: write.updateOne.filter._id, set: write.updateOne.update.$set });
          } else if (createdMeanwhile.includes(write.insertOne.document.relativePath)) {
            collections.push({ ...write.insertOne.document, _id: new Types.ObjectId() });
            writeErrors.push({ index, code: 11000 });
          } else {
            collections.push(write.insertOne.document);
          }
        });
        return writeErrors.length > 0 ? Promise.reject(Object.assign(new Error('E11000'), { code: 11000, writeErrors })) : Promise.resolve({});
      },
    };
    const imageModel = {
      find: (filter: { collectionId: { $in: Types.ObjectId[] } }) => {
        imageQueries += 1;
        return { lean: () => Promise.resolve(images.filter((image) => filter.collectionId.$in.some((id) => id.equals(image.collectionId)))) };
      },
    };
    const listingModel = {
      find: () => query(collections.filter((row) => row.listingDigest !== null).map((row) => ({ _id: row._id, digest: row.listingDigest, jobId: row.listingJobId }))),
      deleteMany: (filter: { _id: { $in: Types.ObjectId[] } }) => {
        forgotten.push(...filter._id.$in);
        return Promise.resolve({ deletedCount: filter._id.$in.length });
      },
      bulkWrite: (writes: Array<{ insertOne: { document: Record<string, unknown> } }>) => {
        recorded.push(...writes.map((write) => write.insertOne.document));
        return Promise.resolve({});
      },
    };
    sut = new FolderWindowStore(
      collectionModel as unknown as Model<MediaCollection>,
      imageModel as unknown as Model<Image>,
      listingModel as unknown as Model<FolderListing>,
    );
  });

  const fileIn = (relativePath: string): DiskFile => ({ relativePath: `${relativePath}/1.jpg`, size: 1, mtimeMs: 1 });
  const folder = (relativePath: string): WalkedFolder => ({ relativePath, files: [fileIn(relativePath)] });
  const existing = (relativePath: string, fields: Partial<CollectionRow> = {}): CollectionRow => {
    const row = { _id: new Types.ObjectId(), relativePath, deletedAt: null, listingDigest: null, listingJobId: null, ...fields };
    collections.push(row);
    return row;
  };
  const imageIn = (collection: CollectionRow, relativePath: string) => {
    const image = { _id: new Types.ObjectId(), collectionId: collection._id, relativePath };
    images.push(image);
    return image;
  };

  it('returns the folders in order with their collection and only that collection\'s images, read in one query', async () => {
    const a = existing('a');
    const b = existing('b');
    imageIn(a, 'a/1.jpg');
    imageIn(b, 'b/1.jpg');
    imageIn(b, 'b/2.jpg');

    const loaded = await sut.load(scan, [folder('b'), folder('a')]);

    expect(loaded.map((stored) => [stored.folder.relativePath, stored.collectionId, stored.images.map((image) => image.relativePath)])).toEqual([
      ['b', b._id, ['b/1.jpg', 'b/2.jpg']],
      ['a', a._id, ['a/1.jpg']],
    ]);
    expect(imageQueries).toBe(1);
  });

  it('creates the collections of new folders, noted as found by the scan, without querying images for them', async () => {
    const loaded = await sut.load(scan, [folder(''), folder('new')]);

    expect(collections.map((row) => [row.relativePath, row.deletedAt])).toEqual([
      ['', null],
      ['new', null],
    ]);
    expect(loaded.map((stored) => stored.collectionId)).toEqual(collections.map((row) => row._id));
    expect([...scan.seenCollections]).toEqual(collections.map((row) => row._id.toHexString()));
    expect(loaded.every((stored) => stored.images.length === 0)).toBe(true);
    expect(imageQueries).toBe(0);
  });

  it('takes the collection a concurrent scan created meanwhile, notes it as found and reads its images', async () => {
    createdMeanwhile = ['raced'];

    const [stored] = await sut.load(scan, [folder('raced')]);

    const raced = collections.find((row) => row.relativePath === 'raced');
    expect(collections.filter((row) => row.relativePath === 'raced')).toHaveLength(1);
    expect(stored?.collectionId).toEqual(raced?._id);
    expect(updates).toEqual([]);
    expect(scan.seenCollections.has(String(raced?._id.toHexString()))).toBe(true);
    expect(imageQueries).toBe(1);
  });

  it('writes only to revive deleted collections, and notes every collection it found', async () => {
    const live = existing('live');
    const deleted = existing('deleted', { deletedAt: new Date() });

    await sut.load(scan, [folder('live'), folder('deleted')]);

    expect(updates).toEqual([{ _id: deleted._id, set: { deletedAt: null } }]);
    expect([...scan.seenCollections]).toEqual([live._id.toHexString(), deleted._id.toHexString()]);
  });

  it('in a watch batch revives a deleted collection and forgets the recorded listings of its folders, but notes nothing as found', async () => {
    const older = existing('older');
    const deleted = existing('deleted', { deletedAt: new Date() });
    const recordedFolder = existing('recorded', { listingDigest: listingDigest(folder('recorded').files), listingJobId: new Types.ObjectId() });

    const loaded = await sut.load({ ...scan, partial: true }, [folder('older'), folder('deleted'), folder('recorded')]);

    expect(updates).toEqual([{ _id: deleted._id, set: { deletedAt: null } }]);
    expect(forgotten).toEqual([older._id, deleted._id, recordedFolder._id]);
    expect(loaded.some((stored) => stored.current)).toBe(false);
    expect(scan.seenCollections.size).toBe(0);
  });

  describe('recorded listings', () => {
    const earlierJob = new Types.ObjectId();
    const recordedFor = (relativePath: string, listingJobId = earlierJob) => ({ listingDigest: listingDigest(folder(relativePath).files), listingJobId });

    it('an incremental scan takes a folder whose listing an earlier scan recorded as current and reads no images for it', async () => {
      const same = existing('same', recordedFor('same'));
      imageIn(same, 'same/1.jpg');
      const other = existing('other', { listingDigest: 'another listing', listingJobId: earlierJob });
      imageIn(other, 'other/1.jpg');

      const loaded = await sut.load(scan, [folder('same'), folder('other')]);

      expect(loaded.map((stored) => [stored.folder.relativePath, stored.current, stored.images.length])).toEqual([
        ['same', true, 0],
        ['other', false, 1],
      ]);
      expect(imageQueries).toBe(1);
    });

    it('never takes as current a listing recorded by this same job (an earlier delivery), a deleted collection, or in a full scan', async () => {
      existing('mine', recordedFor('mine', jobId));
      existing('deleted', { ...recordedFor('deleted'), deletedAt: new Date() });
      existing('full', recordedFor('full'));

      const incremental = await sut.load(scan, [folder('mine'), folder('deleted')]);
      const full = await sut.load({ ...scan, mode: ScanMode.Full }, [folder('full')]);

      expect([...incremental, ...full].map((stored) => stored.current)).toEqual([false, false, false]);
      expect(incremental.map((stored) => stored.fresh)).toEqual([false, true]);
    });

    it('records synced listings with the job, replacing the folder\'s earlier record', async () => {
      const a = existing('a');

      await sut.recordListings(scan, [{ collectionId: a._id, listing: 'digest-a' }]);

      expect(forgotten).toEqual([a._id]);
      expect(recorded).toEqual([{ _id: a._id, libraryId: scan.libraryId, digest: 'digest-a', jobId }]);
    });
  });

  it('reads the library\'s collections once per walk of the whole library, but per window in a watch batch', async () => {
    existing('a');
    existing('b');

    await sut.load(scan, [folder('a')]);
    await sut.load(scan, [folder('b'), folder('new')]);
    const wholeWalk = collectionReads;
    await sut.load({ ...scan, partial: true, collectionsByPath: undefined }, [folder('a')]);
    await sut.load({ ...scan, partial: true, collectionsByPath: undefined }, [folder('b')]);

    expect(wholeWalk).toBe(1);
    expect(collectionReads).toBe(3);
  });

  it('reads nothing for an empty window', async () => {
    expect(await sut.load(scan, [])).toEqual([]);
    expect(imageQueries).toBe(0);
  });
});
