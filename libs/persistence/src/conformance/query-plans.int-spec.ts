import { uniqueName } from '@mediaflow/testing';
import { Types, type Model } from 'mongoose';
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
