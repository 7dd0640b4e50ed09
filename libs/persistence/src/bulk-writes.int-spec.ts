import { uniqueName } from '@mediaflow/testing';
import { Types, type Model } from 'mongoose';
import { insertPrepared, unorderedBulkWrite } from './bulk-writes';
import { MediaCollection } from './schemas/collection.schema';
import { startPersistence, type PersistenceTestModule } from './testing/persistence-test-module';

describe(unorderedBulkWrite.name, () => {
  let sut: PersistenceTestModule;
  let collections: Model<MediaCollection>;

  beforeAll(async () => {
    sut = await startPersistence(uniqueName('mf_bulk'));
    collections = sut.model(MediaCollection.name) as Model<MediaCollection>;
  });

  afterAll(async () => {
    await sut.dispose();
  });

  // FerretDB v1 as published held a pooled connection per statement until the command ended: this many stalled it.
  it('writes 300 updates by _id and 300 inserts, refusing only the duplicate, and the store still answers', async () => {
    const libraryId = new Types.ObjectId();
    const existing = Array.from({ length: 300 }, (_, n) => ({ _id: new Types.ObjectId(), libraryId, relativePath: `old-${n}` }));
    await collections.insertMany(existing);
    const operations = [
      ...existing.map(({ _id }, n) => ({ updateOne: { filter: { _id }, update: { $set: { imageCount: n } } } })),
      ...Array.from({ length: 300 }, (_, n) => ({ insertOne: { document: { libraryId, relativePath: `new-${n}` } } })),
      { insertOne: { document: { libraryId, relativePath: 'old-0' } } },
    ];

    const refused = await unorderedBulkWrite(collections, operations);

    expect([...refused]).toEqual([operations.length - 1]);
    const rows = await collections.find({ libraryId }, { relativePath: 1, imageCount: 1 }).lean();
    expect(rows).toHaveLength(600);
    const counts = new Map(rows.map((row) => [row.relativePath, row.imageCount]));
    expect(existing.every((_, n) => counts.get(`old-${n}`) === n)).toBe(true);
  });
});

describe(insertPrepared.name, () => {
  let sut: PersistenceTestModule;
  let collections: Model<MediaCollection>;

  beforeAll(async () => {
    sut = await startPersistence(uniqueName('mf_prepared'));
    collections = sut.model(MediaCollection.name) as Model<MediaCollection>;
  });

  afterAll(async () => {
    await sut.dispose();
  });

  it('stores the rows mongoose would store (defaults and timestamps), and reports duplicates by position', async () => {
    const libraryId = new Types.ObjectId();
    const viaMongoose = (await collections.create({ libraryId, relativePath: 'made by mongoose' })).toObject();
    const rows = [
      { _id: new Types.ObjectId(), libraryId, relativePath: 'a' },
      { _id: new Types.ObjectId(), libraryId, relativePath: 'made by mongoose' },
      { _id: new Types.ObjectId(), libraryId, relativePath: 'b' },
    ];

    const refused = await insertPrepared(collections, rows);

    expect([...refused]).toEqual([1]);
    const stored = await collections.findById(rows[0]?._id).lean();
    expect(Object.keys(stored ?? {}).sort()).toEqual(Object.keys(viaMongoose).sort());
    expect(stored).toMatchObject({ libraryId, relativePath: 'a', imageCount: viaMongoose.imageCount, deletedAt: viaMongoose.deletedAt });
    expect(stored?.createdAt).toBeInstanceOf(Date);
    expect(rows[0]).not.toHaveProperty('createdAt'); // the caller's object is left as it was
    expect(await collections.countDocuments({ libraryId })).toBe(3);
  });

  it('with validate, casts the rows and writes none of them when one breaks the schema', async () => {
    const libraryId = new Types.ObjectId();
    const rows = [
      { libraryId: libraryId.toHexString(), relativePath: 'cast' },
      { libraryId, relativePath: 'negative', imageCount: -1 },
    ];

    await expect(insertPrepared(collections, rows, { validate: true })).rejects.toThrow(/imageCount/);
    expect(await collections.countDocuments({ libraryId })).toBe(0);

    await insertPrepared(collections, rows.slice(0, 1), { validate: true });
    expect(await collections.findOne({ libraryId }).lean()).toMatchObject({ libraryId, relativePath: 'cast' });
  });
});
