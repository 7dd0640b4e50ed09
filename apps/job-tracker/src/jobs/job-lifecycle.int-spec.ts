import { ItemOutcome, JobStatus, JobType, RoutingKey, StageName, StageStatus } from '@mediaflow/contracts';
import { MessageHeader } from '@mediaflow/messaging';
import { eventually } from '@mediaflow/testing';
import { Types } from 'mongoose';
import { JobTrackerFixture } from '../testing/job-tracker.fixture';
import { JobTrackerService } from './job-tracker.service';

describe(`${JobTrackerService.name} failure and cancel`, () => {
  let fixture: JobTrackerFixture;

  beforeAll(async () => {
    fixture = await JobTrackerFixture.start();
  });

  afterAll(async () => {
    await fixture.stop();
  });

  it('ends a job failed with the reported reason, and says so once', async () => {
    const jobId = await fixture.insertJob();
    await fixture.publish(RoutingKey.JobStageTotal, { jobId, stage: StageName.Discover, total: 4 });

    await fixture.publish(RoutingKey.JobFailed, { jobId, reason: 'library root /mnt/photos is gone' });
    const job = await fixture.jobWithStatus(jobId, JobStatus.Failed);
    await fixture.publish(RoutingKey.JobFailed, { jobId, reason: 'again' });
    await fixture.settled();

    expect(job.reason).toBe('library root /mnt/photos is gone');
    expect(job.finishedAt).not.toBeNull();
    expect(job.stages.map((stage) => stage.status)).toEqual([StageStatus.Failed, StageStatus.Failed, StageStatus.Failed]);
    await eventually('job.finished', () => fixture.messages(RoutingKey.JobFinished, jobId).length > 0);
    expect(fixture.messages(RoutingKey.JobFinished, jobId)).toEqual([
      { jobId, type: JobType.LibraryScan, status: JobStatus.Failed, durationMs: expect.any(Number), reason: 'library root /mnt/photos is gone' },
    ]);
  });

  it('cancels a job, records later items in the ledger only, and keeps it cancelled', async () => {
    const jobId = await fixture.insertJob({ type: JobType.DerivativeCleanup, stages: [StageName.Cleanup] });
    await fixture.publish(RoutingKey.JobItemsReported, { jobId, stage: StageName.Cleanup, items: [{ itemId: 'a', outcome: ItemOutcome.Done }] });
    await fixture.jobWhen(jobId, 'one item counted', (job) => job.stages[0]?.done === 1);

    await fixture.publish(RoutingKey.JobCancelRequested, { jobId });
    const cancelled = await fixture.jobWithStatus(jobId, JobStatus.Cancelled);
    await fixture.publish(RoutingKey.JobItemsReported, { jobId, stage: StageName.Cleanup, items: [{ itemId: 'b', outcome: ItemOutcome.Done }] });
    await fixture.publish(RoutingKey.JobStageTotal, { jobId, stage: StageName.Cleanup, total: 2 });
    await eventually('the late item in the ledger', async () => (await fixture.ledger.countByOutcome(jobId, StageName.Cleanup)).done === 2);
    await fixture.settled();
    const after = await fixture.job(jobId);

    expect(cancelled.reason).toBe('cancelled on request');
    expect(cancelled.stages[0]?.status).toBe(StageStatus.Cancelled);
    expect(after.status).toBe(JobStatus.Cancelled);
    expect(after.stages[0]).toMatchObject({ done: 1, total: null, status: StageStatus.Cancelled });
    expect(fixture.messages(RoutingKey.JobFinished, jobId)).toHaveLength(1);
  });

  it('dead-letters an event for a job that does not exist, naming it', async () => {
    const jobId = new Types.ObjectId().toHexString();

    await fixture.publish(RoutingKey.JobItemsReported, { jobId, stage: StageName.Cache, items: [{ itemId: 'a', outcome: ItemOutcome.Done }] });
    const dead = await fixture.nextDeadLetter();

    expect(String(dead.properties.headers?.[MessageHeader.Error])).toContain(`no job ${jobId}`);
    expect(await fixture.ledger.countByOutcome(jobId, StageName.Cache)).toEqual({ done: 0, failed: 0, skipped: 0 });
  });

  it('dead-letters items for a stage the job does not have', async () => {
    const jobId = await fixture.insertJob({ type: JobType.DerivativeCleanup, stages: [StageName.Cleanup] });

    await fixture.publish(RoutingKey.JobStageTotal, { jobId, stage: StageName.Thumbnail, total: 3 });
    const dead = await fixture.nextDeadLetter();

    expect(String(dead.properties.headers?.[MessageHeader.Error])).toContain(`job ${jobId} (derivative-cleanup) has no thumbnail stage`);
  });
});
