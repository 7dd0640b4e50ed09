import { uniqueName } from '@mediaflow/testing';
import { Types, type Model } from 'mongoose';
import { MediaCollection } from './schemas/collection.schema';
import { startPersistence, type PersistenceTestModule } from './testing/persistence-test-module';

/**
 * Every hot path of the pipeline reads and writes by `_id` (docs/architecture.md, "What the local store
 * guarantees"). FerretDB v1.24/SQLite as published never used its _id index for that (every lookup parsed
 * the whole collection), nor looked up by _id when the filter named another field too; the runner is
 * built with both fixed, and this keeps it so. The plan's words differ
 * by store: SQLite's `SEARCH ... USING INDEX`, MongoDB's `IDHACK` / `EXPRESS_IXSCAN` / `IXSCAN`.
 */
describe('a lookup by _id', () => {
  let sut: PersistenceTestModule;
  let collections: Model<MediaCollection>;

  beforeAll(async () => {
    sut = await startPersistence(uniqueName('mf_idlookup'));
    collections = sut.model(MediaCollection.name) as Model<MediaCollection>;
  });

  afterAll(async () => {
    await sut.dispose();
  });

  it('is answered from the _id index, not by scanning the collection', async () => {
    const libraryId = new Types.ObjectId();
    const rows = await collections.insertMany(Array.from({ length: 50 }, (_, n) => ({ libraryId, relativePath: `folder-${n}` })));
    const wanted = rows[25]!._id;

    const explained: unknown = await collections.find({ _id: wanted }).explain('queryPlanner');

    const plan = JSON.stringify(explained);
    expect(plan).toMatch(/USING INDEX|IDHACK|IXSCAN/);
    expect(plan).not.toMatch(/COLLSCAN|"detail=SCAN /);
    expect(await collections.findById(wanted).lean()).toMatchObject({ relativePath: 'folder-25' });
  });

  // A guarded write (a job's revision check) filters on _id and another field.
  it('is answered from the _id index when the filter names other fields too, and those still filter', async () => {
    const libraryId = new Types.ObjectId();
    const rows = await collections.insertMany(Array.from({ length: 50 }, (_, n) => ({ libraryId, relativePath: `guarded-${n}`, imageCount: n })));
    const wanted = rows[10]!._id;

    const explained: unknown = await collections.find({ _id: wanted, imageCount: 10 }).explain('queryPlanner');

    const plan = JSON.stringify(explained);
    expect(plan).toMatch(/USING INDEX|IDHACK|IXSCAN/);
    expect(plan).not.toMatch(/COLLSCAN|"detail=SCAN /);
    expect(await collections.findOne({ _id: wanted, imageCount: 11 }).lean()).toBeNull();
    const updated = await collections.findOneAndUpdate({ _id: wanted, imageCount: 10 }, { $set: { imageCount: 12 } }, { new: true }).lean();
    expect(updated).toMatchObject({ relativePath: 'guarded-10', imageCount: 12 });
  });
});
