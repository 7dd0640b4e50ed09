import { DerivativeKind, DerivativeState, ItemOutcome, JobType, StageName } from '@mediaflow/contracts';
import { uniqueName } from '@mediaflow/testing';
import { Types } from 'mongoose';
import { ScheduleRunDecision } from '../enums';
import { PersistenceModule } from '../persistence.module';
import { startPersistence, type PersistenceTestModule } from '../testing/persistence-test-module';
import { MediaCollection } from './collection.schema';
import { ImageDerivative } from './image-derivative.schema';
import { Image } from './image.schema';
import { JobItem } from './job-item.schema';
import { Lease } from './lease.schema';
import { Library } from './library.schema';
import { ScheduledJobRun } from './scheduled-job-run.schema';
import { ScheduledJob } from './scheduled-job.schema';

const DUPLICATE_KEY = { code: 11000 };

describe(PersistenceModule.name, () => {
  let sut: PersistenceTestModule;
  const libraryId = new Types.ObjectId();
  const collectionId = new Types.ObjectId();

  beforeAll(async () => {
    sut = await startPersistence(uniqueName('mf_unique'));
  });

  afterAll(async () => {
    await sut.dispose();
  });

  const image = (relativePath: string, owner = libraryId) => ({ libraryId: owner, collectionId, relativePath, size: 1, mtimeMs: 1 });

  it('refuses a second library with the same name', async () => {
    await sut.model(Library.name).create({ name: 'holidays', rootPath: '/srv/holidays' });

    await expect(sut.model(Library.name).create({ name: 'holidays', rootPath: '/srv/other' })).rejects.toMatchObject(DUPLICATE_KEY);
  });

  it('refuses a second library on the same root', async () => {
    await sut.model(Library.name).create({ name: 'scans', rootPath: '/srv/scans' });

    await expect(sut.model(Library.name).create({ name: 'scans-again', rootPath: '/srv/scans' })).rejects.toMatchObject(DUPLICATE_KEY);
  });

  it('refuses a second collection for one folder of a library', async () => {
    await sut.model(MediaCollection.name).create({ libraryId, relativePath: '2024/summer' });

    await expect(sut.model(MediaCollection.name).create({ libraryId, relativePath: '2024/summer' })).rejects.toMatchObject(DUPLICATE_KEY);
  });

  it('allows the same folder path in another library', async () => {
    await sut.model(MediaCollection.name).create({ libraryId, relativePath: 'shared' });

    await expect(sut.model(MediaCollection.name).create({ libraryId: new Types.ObjectId(), relativePath: 'shared' })).resolves.toBeDefined();
  });

  it('refuses a second image at one path of a library', async () => {
    await sut.model(Image.name).create(image('a/b.jpg'));

    await expect(sut.model(Image.name).create(image('a/b.jpg'))).rejects.toMatchObject(DUPLICATE_KEY);
  });

  it('allows the same image path in another library', async () => {
    await sut.model(Image.name).create(image('c.jpg'));

    await expect(sut.model(Image.name).create(image('c.jpg', new Types.ObjectId()))).resolves.toBeDefined();
  });

  it('refuses a second derivative record for one kind of an image, and allows the other kind', async () => {
    const record = { imageId: new Types.ObjectId(), libraryId, kind: DerivativeKind.Thumbnail, state: DerivativeState.Ready, sourceFingerprint: 'f', updatedAt: new Date() };
    await sut.model(ImageDerivative.name).create(record);

    await expect(sut.model(ImageDerivative.name).create({ ...record, sourceFingerprint: 'g' })).rejects.toMatchObject(DUPLICATE_KEY);
    await expect(sut.model(ImageDerivative.name).create({ ...record, kind: DerivativeKind.Cache })).resolves.toBeDefined();
  });

  it('refuses a second schedule with the same name', async () => {
    const schedule = { name: 'nightly', type: JobType.LibraryScan, cron: '0 3 * * *' };
    await sut.model(ScheduledJob.name).create(schedule);

    await expect(sut.model(ScheduledJob.name).create(schedule)).rejects.toMatchObject(DUPLICATE_KEY);
  });

  it('records one run per schedule occurrence, however many replicas claim it', async () => {
    const run = { scheduleId: new Types.ObjectId(), occurrenceAt: new Date('2025-01-01T03:00:00Z'), decision: ScheduleRunDecision.Fired };

    const claims = await Promise.allSettled([1, 2, 3].map(() => sut.model(ScheduledJobRun.name).create(run)));

    expect(claims.filter((claim) => claim.status === 'fulfilled')).toHaveLength(1);
    expect(claims.filter((claim) => claim.status === 'rejected').map((claim) => claim.reason)).toEqual([
      expect.objectContaining(DUPLICATE_KEY),
      expect.objectContaining(DUPLICATE_KEY),
    ]);
  });

  it('refuses a second lease document for one resource', async () => {
    const lease = { _id: 'watch:x', holder: 'a', expiresAt: new Date(), acquiredAt: new Date(), renewedAt: new Date() };
    await sut.model(Lease.name).create(lease);

    await expect(sut.model(Lease.name).create({ ...lease, holder: 'b' })).rejects.toMatchObject(DUPLICATE_KEY);
  });

  it('refuses a second ledger row for one item of a job stage', async () => {
    const item = { jobId: new Types.ObjectId(), stage: StageName.Thumbnail, itemId: 'img-1', outcome: ItemOutcome.Done };
    await sut.model(JobItem.name).create(item);

    await expect(sut.model(JobItem.name).create({ ...item, outcome: ItemOutcome.Failed })).rejects.toMatchObject(DUPLICATE_KEY);
  });

  it('stores the new ledger rows of an unordered bulk insert and reports each duplicate by position', async () => {
    const jobId = new Types.ObjectId();
    const row = (itemId: string) => ({ jobId, stage: StageName.Discover, itemId, outcome: ItemOutcome.Done });
    await sut.model(JobItem.name).create(row('seen'));

    const error = await sut.model(JobItem.name).insertMany([row('new-1'), row('seen'), row('new-2'), row('new-1')], { ordered: false }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 11000, writeErrors: [{ index: 1, code: 11000 }, { index: 3, code: 11000 }] });
    expect(await sut.model(JobItem.name).countDocuments({ jobId })).toBe(3);
  });
});
