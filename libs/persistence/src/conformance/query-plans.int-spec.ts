import { uniqueName } from '@mediaflow/testing';
import { Types, type Model } from 'mongoose';
import { idPage } from '../id-pages';
import { BackgroundJob } from '../schemas/background-job.schema';
import { MediaCollection } from '../schemas/collection.schema';
import { FolderListing } from '../schemas/folder-listing.schema';
import { ImageDerivative } from '../schemas/image-derivative.schema';
import { Image } from '../schemas/image.schema';
import { JobItem } from '../schemas/job-item.schema';
import { ScheduledJobRun } from '../schemas/scheduled-job-run.schema';
import { ScheduledJob } from '../schemas/scheduled-job.schema';
import { startPersistence, type PersistenceTestModule } from '../testing/persistence-test-module';

/**
 * The pipeline's lookups by a field other than _id are answered from a declared index, not by scanning
 * the collection (as FerretDB/SQLite as published did for every filter but {_id}: 1.5 s per lookup at
 * 50,000 documents). The plan's words differ by store: SQLite's `SEARCH ... USING INDEX`, MongoDB's
 * `IXSCAN`.
 */
describe('the pipeline lookups', () => {
  let sut: PersistenceTestModule;
  const id = () => new Types.ObjectId();

  beforeAll(async () => {
    sut = await startPersistence(uniqueName('mf_plans'));
  });

  afterAll(async () => {
    await sut.dispose();
  });

  it.each([
    ['the scan window reads images by collectionId $in', Image.name, { collectionId: { $in: [id(), id()] } }],
    ['the scan window reads collections by library and paths', MediaCollection.name, { libraryId: id(), relativePath: { $in: ['a', 'b'] } }],
    ['the scan reads the folder listings of a library', FolderListing.name, { libraryId: id() }],
    ['the gateway reads a job’s children', BackgroundJob.name, { parentId: id() }],
    ['job-tracker reads a stage’s failed items', JobItem.name, { jobId: id(), stage: 'render', outcome: 'failed' }],
    ['the render worker reads an image’s derivatives', ImageDerivative.name, { imageId: id() }],
    ['the derivatives cleanup reads by library and kind', ImageDerivative.name, { libraryId: id(), kind: 'thumbnail', path: { $in: ['a'] } }],
    ['the scheduler finds the run of a job', ScheduledJobRun.name, { jobIds: id() }],
    ['the scheduler reads the active schedules', ScheduledJob.name, { enabled: true, paused: false }],
  ])('%s from an index', async (_lookup, modelName, filter) => {
    const model = sut.model(modelName) as Model<unknown>;
    await model.collection.insertMany([{ probe: 1 }, { probe: 2 }]);

    const explained: unknown = await model.find(filter).explain('queryPlanner');

    const plan = JSON.stringify(explained);
    expect(plan).toMatch(/USING INDEX|IXSCAN/);
    expect(plan).not.toMatch(/COLLSCAN|"detail=SCAN /);
  });
});

/**
 * The job list's keyset page (apps/api-gateway jobs-query.service.ts: `_id < cursor`, newest first, 50 + 1)
 * walks the `_id` index in order and stops after the page: no sort of every older job. FerretDB as published
 * sorted every document the filter returned in memory (`SCAN`, 50,000 jobs decoded for each page); the
 * runner now orders by the `_id` index (scripts/lib/ferretdb-build.mjs, patch 4). The plan's words:
 * SQLite's `SEARCH ... USING INDEX ..._id_` without `USE TEMP B-TREE FOR ORDER BY`, MongoDB's `IXSCAN`
 * on `_id_` without a `SORT` stage.
 */
describe('the job list’s keyset page', () => {
  const JOBS = 20_000;
  let sut: PersistenceTestModule;
  let jobs: Model<unknown>;
  let ids: Types.ObjectId[];

  beforeAll(async () => {
    sut = await startPersistence(uniqueName('mf_keyset_plan'));
    jobs = sut.model(BackgroundJob.name) as Model<unknown>;
    // In _id order, not creation order: the ObjectId counter starts at a random value per process and can
    // wrap within one second, so ids made one after the other are not always ascending (CI saw it once).
    ids = Array.from({ length: JOBS }, () => new Types.ObjectId()).sort((a, b) => a.toHexString().localeCompare(b.toHexString()));
    for (let start = 0; start < JOBS; start += 1_000) {
      await jobs.collection.insertMany(
        ids.slice(start, start + 1_000).map((_id, i) => ({ _id, type: 'scan', status: i % 2 === 0 ? 'succeeded' : 'failed' })),
      );
    }
  });

  afterAll(async () => {
    await sut.dispose();
  });

  const page = () => jobs.find({ _id: { $lt: ids[JOBS / 2]! } }).sort({ _id: -1 }).limit(51);
  // The first page, bounded by the highest ObjectId as the job list asks for it (idPage).
  const firstPage = () => jobs.find(idPage(null, 'descending')).sort({ _id: -1 }).limit(51);
  // The first page of a list in creation order (libraries, schedules, collections, images), bounded by the lowest ObjectId.
  const firstPageOldestFirst = () => jobs.find(idPage(null, 'ascending')).sort({ _id: 1 }).limit(51);

  it.each([
    ['the next page', page],
    ['the first page', firstPage],
    ['the first page, oldest first', firstPageOldestFirst],
  ])('%s reads the _id index in order, with no sort', async (_page, query) => {
    const explained = (await query().explain('queryPlanner')) as unknown as Record<string, unknown>;

    const plan = JSON.stringify(explained);
    expect(plan).toMatch(/USING INDEX \S*_id_|IXSCAN/);
    expect(plan).toMatch(/_id_/);
    expect(plan).not.toMatch(/COLLSCAN|"detail=SCAN |TEMP B-TREE|"stage":"SORT"/);
    // FerretDB reports whether the sort was left to the backend (MongoDB has no such field).
    if ('sortPushdown' in explained) expect(explained.sortPushdown).toBe(true);
  });

  it('returns the 51 jobs just older than the cursor, newest first', async () => {
    const rows = (await page().lean()) as Array<{ _id: Types.ObjectId }>;
    expect(rows.map((row) => row._id.toHexString())).toEqual(
      ids.slice(JOBS / 2 - 51, JOBS / 2).reverse().map((id) => id.toHexString()),
    );
    const first = (await firstPage().lean()) as Array<{ _id: Types.ObjectId }>;
    expect(first.map((row) => row._id.toHexString())).toEqual(ids.slice(-51).reverse().map((id) => id.toHexString()));
    const oldest = (await firstPageOldestFirst().lean()) as Array<{ _id: Types.ObjectId }>;
    expect(oldest.map((row) => row._id.toHexString())).toEqual(ids.slice(0, 51).map((id) => id.toHexString()));
  });

  it('returns the right pages with a status filter matching half of the jobs, both ways', async () => {
    const hex = (rows: unknown) => (rows as Array<{ _id: Types.ObjectId }>).map((row) => row._id.toHexString());
    const half = JOBS / 2;
    const failedBefore = ids.filter((_id, i) => i % 2 === 1 && i < half);
    const succeededAfter = ids.filter((_id, i) => i % 2 === 0 && i > half);

    const older = await jobs.find({ status: 'failed', _id: { $lt: ids[half]! } }).sort({ _id: -1 }).limit(51).lean();
    expect(hex(older)).toEqual(hex(failedBefore.slice(-51).reverse().map((_id) => ({ _id }))));
    const newer = await jobs.find({ status: 'succeeded', _id: { $gt: ids[half]! } }).sort({ _id: 1 }).limit(51).lean();
    expect(hex(newer)).toEqual(hex(succeededAfter.slice(0, 51).map((_id) => ({ _id }))));
  });
});
