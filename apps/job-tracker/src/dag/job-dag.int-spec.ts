import { ItemOutcome, JobStatus, JobType, RoutingKey, StageName, StageStatus, type ItemReport } from '@mediaflow/contracts';
import { eventually } from '@mediaflow/testing';
import { Types } from 'mongoose';
import { JobTrackerFixture } from '../testing/job-tracker.fixture';
import { DependentStarter } from './dependent-starter';

const items = (prefix: string, count: number, outcome = ItemOutcome.Done): ItemReport[] =>
  Array.from({ length: count }, (_, index) => ({ itemId: `${prefix}-${index}`, outcome, ...(outcome === ItemOutcome.Failed ? { reason: 'corrupt' } : {}) }));

describe(`job DAG (${DependentStarter.name}, roll-up)`, () => {
  let fixture: JobTrackerFixture;

  beforeAll(async () => {
    fixture = await JobTrackerFixture.start();
  });

  afterAll(async () => {
    await fixture.stop();
  });

  const total = (jobId: string, stage: StageName, count: number): Promise<void> => fixture.publish(RoutingKey.JobStageTotal, { jobId, stage, total: count });
  const report = (jobId: string, stage: StageName, reported: ItemReport[]): Promise<void> =>
    fixture.publish(RoutingKey.JobItemsReported, { jobId, stage, items: reported });
  const collectionScan = (parentId: string): Promise<string> =>
    fixture.insertJob({ type: JobType.CollectionScan, stages: [StageName.Thumbnail, StageName.Cache], parentId });

  it('rolls two children up into their parent, which finishes after both and after its discover stage', async () => {
    const parentId = await fixture.insertJob();
    const first = await collectionScan(parentId);
    const second = await collectionScan(parentId);

    await report(parentId, StageName.Discover, items('folder', 2));
    await total(parentId, StageName.Discover, 2);
    await total(first, StageName.Thumbnail, 3);
    await total(first, StageName.Cache, 3);
    await report(first, StageName.Thumbnail, items('a', 3));
    await report(first, StageName.Cache, [...items('a', 2), ...items('bad', 1, ItemOutcome.Failed)]);
    await fixture.jobWithStatus(first, JobStatus.CompletedWithErrors);
    const halfway = await fixture.jobWhen(parentId, 'first child rolled up', (job) => job.childrenFinished === 1);

    await total(second, StageName.Thumbnail, 2);
    await total(second, StageName.Cache, 0);
    await report(second, StageName.Thumbnail, items('b', 2));
    const parent = await fixture.jobWithStatus(parentId, JobStatus.CompletedWithErrors);

    expect(halfway.status).toBe(JobStatus.Running);
    expect(halfway.stages[1]).toMatchObject({ done: 3, totalKnown: false });
    expect(parent.stages).toEqual([
      expect.objectContaining({ name: StageName.Discover, total: 2, done: 2, status: StageStatus.Completed }),
      expect.objectContaining({ name: StageName.Thumbnail, total: 5, done: 5, failed: 0, status: StageStatus.Completed }),
      expect.objectContaining({ name: StageName.Cache, total: 3, done: 2, failed: 1, status: StageStatus.CompletedWithErrors }),
    ]);
    expect(parent).toMatchObject({ childrenTotal: 2, childrenFinished: 2, reason: '1 item failed' });
    await eventually('job.finished for the parent', () => fixture.messages(RoutingKey.JobFinished, parentId).length > 0);
    expect(fixture.messages(RoutingKey.JobFinished, first)).toEqual([expect.objectContaining({ parentId, status: JobStatus.CompletedWithErrors })]);
    expect(fixture.messages(RoutingKey.JobUpdated, parentId).at(-1)).toMatchObject({ status: JobStatus.CompletedWithErrors });
  });

  it('does not finish a parent whose children ended while its discover stage still runs', async () => {
    const parentId = await fixture.insertJob();
    const child = await collectionScan(parentId);
    await report(parentId, StageName.Discover, items('folder', 1));
    await total(child, StageName.Thumbnail, 0);
    await total(child, StageName.Cache, 0);
    await fixture.jobWithStatus(child, JobStatus.Completed);
    const waiting = await fixture.jobWhen(parentId, 'child rolled up', (job) => job.childrenFinished === 1);

    await total(parentId, StageName.Discover, 1);
    const parent = await fixture.jobWithStatus(parentId, JobStatus.Completed);

    expect(waiting.status).toBe(JobStatus.Running);
    expect(parent.stages.map((stage) => stage.status)).toEqual([StageStatus.Completed, StageStatus.Completed, StageStatus.Completed]);
  });

  it('cancels the running children of a cancelled parent', async () => {
    const parentId = await fixture.insertJob();
    const child = await collectionScan(parentId);
    await report(child, StageName.Thumbnail, items('c', 1));
    await fixture.jobWhen(child, 'running', (job) => job.status === JobStatus.Running);

    await fixture.publish(RoutingKey.JobCancelRequested, { jobId: parentId });
    const cancelled = await fixture.jobWithStatus(child, JobStatus.Cancelled);

    expect(cancelled.reason).toBe('parent job cancelled');
    expect((await fixture.job(parentId)).status).toBe(JobStatus.Cancelled);
  });

  it('starts a dependent cleanup once, with its prerequisites results, when they have all ended', async () => {
    const libraryId = new Types.ObjectId().toHexString();
    const scan = await fixture.insertJob({ type: JobType.WatchSync });
    const other = await fixture.insertJob({ type: JobType.DerivativeCleanup, stages: [StageName.Cleanup] });
    const cleanup = await fixture.insertJob({ type: JobType.DerivativeCleanup, stages: [StageName.Cleanup], dependsOn: [scan, other], libraryId });

    await fixture.publish(RoutingKey.JobFailed, { jobId: scan, reason: 'root gone' });
    await fixture.jobWithStatus(scan, JobStatus.Failed);
    await fixture.settled();
    const stillPending = await fixture.job(cleanup);
    await total(other, StageName.Cleanup, 0);
    const started = await fixture.jobWithStatus(cleanup, JobStatus.Running);
    await fixture.publish(RoutingKey.JobCancelRequested, { jobId: other });
    await fixture.settled();
    await eventually('the cleanup command', () => fixture.messages(RoutingKey.DerivativesCleanupRequested, cleanup).length > 0);

    expect(stillPending.status).toBe(JobStatus.Pending);
    expect(started.startedAt).not.toBeNull();
    expect(fixture.messages(RoutingKey.DerivativesCleanupRequested, cleanup)).toEqual([
      {
        jobId: cleanup,
        libraryId,
        prerequisites: expect.arrayContaining([
          { jobId: scan, status: JobStatus.Failed },
          { jobId: other, status: JobStatus.Completed },
        ]),
      },
    ]);
    expect((await fixture.job(cleanup)).startCommandSentAt).not.toBeNull();
  });
});
