import { ItemOutcome, JobStatus, JobType, RoutingKey, StageName, StageStatus, type ItemReport } from '@mediaflow/contracts';
import { FAILURE_SAMPLE_LIMIT, HistoryWindow, THROUGHPUT_SERIES } from '@mediaflow/persistence';
import { eventually } from '@mediaflow/testing';
import { JobTrackerFixture } from '../testing/job-tracker.fixture';
import { JobTrackerService } from './job-tracker.service';

const done = (itemId: string): ItemReport => ({ itemId, outcome: ItemOutcome.Done });
const skipped = (itemId: string): ItemReport => ({ itemId, outcome: ItemOutcome.Skipped, reason: 'stale' });
const failed = (itemId: string): ItemReport => ({ itemId, outcome: ItemOutcome.Failed, path: `photos/${itemId}.jpg`, reason: 'corrupt JPEG' });
const range = (prefix: string, count: number, make: (id: string) => ItemReport): ItemReport[] =>
  Array.from({ length: count }, (_, index) => make(`${prefix}-${index}`));

describe(`${JobTrackerService.name} counting`, () => {
  let fixture: JobTrackerFixture;

  beforeAll(async () => {
    fixture = await JobTrackerFixture.start();
  });

  afterAll(async () => {
    await fixture.stop();
  });

  const cleanupJob = (): Promise<string> => fixture.insertJob({ type: JobType.DerivativeCleanup, stages: [StageName.Cleanup] });
  const report = (jobId: string, items: ItemReport[], stage = StageName.Cleanup): Promise<void> =>
    fixture.publish(RoutingKey.JobItemsReported, { jobId, stage, items });
  const total = (jobId: string, count: number, stage = StageName.Cleanup): Promise<void> =>
    fixture.publish(RoutingKey.JobStageTotal, { jobId, stage, total: count });

  it('counts each item once under duplicate, overlapping and concurrent batches', async () => {
    const jobId = await cleanupJob();
    const items = [...range('d', 30, done), ...range('s', 5, skipped), ...range('f', 5, failed)];
    const batches = [items.slice(0, 20), items.slice(10, 30), items.slice(0, 20), items.slice(25), items.slice(5, 35), items];

    await Promise.all(batches.map((batch) => report(jobId, batch)));
    await total(jobId, 40);
    const job = await fixture.jobWithStatus(jobId, JobStatus.CompletedWithErrors);

    expect(job.stages[0]).toMatchObject({ total: 40, done: 30, skipped: 5, failed: 5, status: StageStatus.CompletedWithErrors });
    expect(job.failureSample).toHaveLength(5);
  });

  it('adds each item once to the throughput history, however often its report comes', async () => {
    const cleanupHandled = async (): Promise<Record<string, number>> => {
      const { points } = await fixture.history.read(THROUGHPUT_SERIES, HistoryWindow.Day, new Date());
      const sum: Record<string, number> = {};
      for (const counts of points.map((point) => point?.[StageName.Cleanup] ?? {})) {
        for (const [outcome, count] of Object.entries(counts)) sum[outcome] = (sum[outcome] ?? 0) + count;
      }
      return sum;
    };
    const before = await cleanupHandled();
    const jobId = await cleanupJob();
    const items = [...range('d', 12, done), ...range('s', 3, skipped), ...range('f', 2, failed)];

    await Promise.all([items, items.slice(0, 8), items, items.slice(5)].map((batch) => report(jobId, batch)));
    await total(jobId, items.length);
    await fixture.jobWithStatus(jobId, JobStatus.CompletedWithErrors);
    const after = await cleanupHandled();

    const added = (outcome: ItemOutcome) => (after[outcome] ?? 0) - (before[outcome] ?? 0);
    expect({ done: added(ItemOutcome.Done), skipped: added(ItemOutcome.Skipped), failed: added(ItemOutcome.Failed) }).toEqual({ done: 12, skipped: 3, failed: 2 });
  });

  it('keeps counts exact when a batch comes back after its items were recorded (a crash before the job was updated)', async () => {
    const jobId = await cleanupJob();
    const batch = [done('a'), failed('b'), done('c')];
    await fixture.ledger.recordNew(jobId, StageName.Cleanup, batch);

    await report(jobId, batch);
    await total(jobId, 3);
    const job = await fixture.jobWithStatus(jobId, JobStatus.CompletedWithErrors);

    expect(job.stages[0]).toMatchObject({ done: 2, failed: 1, skipped: 0 });
    expect(job.failureSample).toEqual([{ stage: StageName.Cleanup, itemId: 'b', path: 'photos/b.jpg', reason: 'corrupt JPEG' }]);
  });

  it('counts a burst of distinct reports exactly, by delta (no recount moves the counts)', async () => {
    const jobId = await cleanupJob();
    const reports = Array.from({ length: 40 }, (_, n) => [done(`d-${n}-a`), done(`d-${n}-b`), skipped(`s-${n}`), ...(n % 4 === 0 ? [failed(`f-${n}`)] : [])]);

    await Promise.all(reports.map((items) => report(jobId, items)));
    await total(jobId, reports.flat().length);
    const job = await fixture.jobWithStatus(jobId, JobStatus.CompletedWithErrors);

    expect(job.stages[0]).toMatchObject({ done: 80, skipped: 40, failed: 10, recountEpoch: 0 });
    const failedIds = reports.flat().filter((item) => item.outcome === ItemOutcome.Failed).map((item) => item.itemId);
    expect(job.failureSample.map((entry) => entry.itemId).sort()).toEqual(failedIds.sort());
  });

  it('folds a burst of one job’s events in one write, each item counted once, and ends the job once', async () => {
    const jobId = await cleanupJob();
    const reports = Array.from({ length: 20 }, (_, n) => [done(`b-${n}`), ...(n % 5 === 0 ? [failed(`bf-${n}`)] : [])]);
    const before = (await fixture.job(jobId)).revision ?? 0;

    // Handed over in one tick, as a consumer with a prefetch hands a burst: all queue behind the first fold's turn.
    await Promise.all([
      ...reports.map((items, n) => fixture.tracker.reportItems({ jobId, stage: StageName.Cleanup, items }, `burst-${n}`)),
      fixture.tracker.setStageTotal({ jobId, stage: StageName.Cleanup, total: 24 }, 'burst-total'),
    ]);
    const job = await fixture.job(jobId);
    await eventually('job.finished captured', () => fixture.messages(RoutingKey.JobFinished, jobId).length > 0);

    expect(job).toMatchObject({ status: JobStatus.CompletedWithErrors, finishedBy: 'burst-total' });
    expect(job.stages[0]).toMatchObject({ total: 24, done: 20, failed: 4, skipped: 0, recountEpoch: 0 });
    expect(job.failureSample).toHaveLength(4);
    // One fold's write and the finish follow-up's mark: not one write per event.
    expect((job.revision ?? 0) - before).toBe(2);
    expect(fixture.messages(RoutingKey.JobFinished, jobId)).toHaveLength(1);
    expect(fixture.messages(RoutingKey.JobUpdated, jobId)).toHaveLength(1);
  });

  it('counts a redelivered report once and stays exact after it', async () => {
    const jobId = await cleanupJob();
    const first = [done('a'), failed('b'), skipped('c')];

    await report(jobId, first);
    await fixture.jobWhen(jobId, 'the first report counted', (job) => job.stages[0]?.done === 1);
    await report(jobId, first);
    await report(jobId, [done('d')]);
    await total(jobId, 4);
    const job = await fixture.jobWithStatus(jobId, JobStatus.CompletedWithErrors);

    expect(job.stages[0]).toMatchObject({ done: 2, failed: 1, skipped: 1 });
    expect(job.failureSample.map((entry) => entry.itemId)).toEqual(['b']);
  });

  it('repairs counts by a recount when recorded items were never counted, and counts deltas after it', async () => {
    const jobId = await cleanupJob();
    await report(jobId, [done('before-1'), done('before-2')]);
    await fixture.jobWhen(jobId, 'the first report counted', (job) => job.stages[0]?.done === 2);
    // A handling that recorded its items and died before folding them into the job.
    const crashed = [done('a'), failed('b'), skipped('c')];
    await fixture.ledger.recordNew(jobId, StageName.Cleanup, crashed);

    await report(jobId, crashed);
    const repaired = await fixture.jobWhen(jobId, 'the crashed report counted', (job) => job.stages[0]?.done === 3);
    await report(jobId, [done('after')]);
    await total(jobId, 6);
    const job = await fixture.jobWithStatus(jobId, JobStatus.CompletedWithErrors);

    expect(repaired.stages[0]).toMatchObject({ done: 3, failed: 1, skipped: 1, recountEpoch: 1 });
    expect(job.stages[0]).toMatchObject({ done: 4, failed: 1, skipped: 1, recountEpoch: 1 });
    expect(job.failureSample.map((entry) => entry.itemId)).toEqual(['b']);
  });

  it('stays exact when recounts race deltas (concurrent reports, some redelivered or left uncounted by a crash)', async () => {
    const jobId = await cleanupJob();
    const reports = Array.from({ length: 60 }, (_, n) => [done(`r${n}-a`), n % 3 === 0 ? failed(`r${n}-b`) : skipped(`r${n}-b`)]);
    // Every sixth report's items were recorded by a handling that died before counting them.
    for (let n = 0; n < reports.length; n += 6) await fixture.ledger.recordNew(jobId, StageName.Cleanup, reports[n]!);
    const deliveries = [...reports, ...reports.filter((_, n) => n % 5 === 0)];

    await Promise.all(deliveries.map((items) => report(jobId, items)));
    await total(jobId, 120);
    const job = await fixture.jobWithStatus(jobId, JobStatus.CompletedWithErrors);

    expect(job.stages[0]).toMatchObject({ done: 60, failed: 20, skipped: 40 });
    expect(await fixture.ledger.countByOutcome(jobId, StageName.Cleanup)).toEqual({ done: 60, failed: 20, skipped: 40 });
    expect(job.stages[0]!.recountEpoch).toBeGreaterThan(0);
    expect(job.failureSample).toHaveLength(20);
  });

  it('keeps items reported before the total, and runs meanwhile', async () => {
    const jobId = await cleanupJob();

    await report(jobId, [done('a'), done('b')]);
    const running = await fixture.jobWhen(jobId, 'two items counted', (job) => job.stages[0]?.done === 2);
    await total(jobId, 3);
    await fixture.jobWhen(jobId, 'total known', (job) => job.stages[0]?.totalKnown === true);
    await report(jobId, [done('c')]);
    const completed = await fixture.jobWithStatus(jobId, JobStatus.Completed);

    expect(running.status).toBe(JobStatus.Running);
    expect(running.startedAt).not.toBeNull();
    expect(running.lastProgressAt).not.toBeNull();
    expect(completed.stages[0]).toMatchObject({ total: 3, done: 3, status: StageStatus.Completed });
    expect(completed.finishedAt).not.toBeNull();
  });

  it('completes a stage whose total is 0 at once', async () => {
    const jobId = await cleanupJob();

    await total(jobId, 0);
    const job = await fixture.jobWithStatus(jobId, JobStatus.Completed);

    expect(job.stages[0]).toMatchObject({ total: 0, totalKnown: true, status: StageStatus.Completed });
  });

  it('caps the failure sample, keeping path and reason', async () => {
    const jobId = await cleanupJob();
    const failures = range('f', FAILURE_SAMPLE_LIMIT + 20, failed);

    await total(jobId, failures.length + 1);
    for (let start = 0; start < failures.length; start += 15) await report(jobId, failures.slice(start, start + 15));
    await report(jobId, [done('ok')]);
    const job = await fixture.jobWithStatus(jobId, JobStatus.CompletedWithErrors);

    expect(job.stages[0]).toMatchObject({ failed: FAILURE_SAMPLE_LIMIT + 20, done: 1 });
    expect(job.reason).toBe(`${FAILURE_SAMPLE_LIMIT + 20} items failed`);
    expect(job.failureSample).toHaveLength(FAILURE_SAMPLE_LIMIT);
    expect(job.failureSample[0]).toEqual({ stage: StageName.Cleanup, itemId: expect.stringMatching(/^f-/), path: expect.stringMatching(/^photos\/f-/), reason: 'corrupt JPEG' });
  });

  it('publishes job.updated on each change and job.finished exactly once, even when events keep coming', async () => {
    const jobId = await cleanupJob();

    await total(jobId, 2);
    await Promise.all([report(jobId, [done('a'), done('b')]), report(jobId, [done('b'), done('a')]), report(jobId, [done('a')])]);
    await fixture.jobWithStatus(jobId, JobStatus.Completed);
    await report(jobId, [done('late')]);
    await fixture.settled();
    await eventually('job.finished captured', () => fixture.messages(RoutingKey.JobFinished, jobId).length > 0);

    const finished = fixture.messages(RoutingKey.JobFinished, jobId);
    const updates = fixture.messages(RoutingKey.JobUpdated, jobId);
    expect(finished).toEqual([{ jobId, type: JobType.DerivativeCleanup, status: JobStatus.Completed, durationMs: expect.any(Number) }]);
    expect(updates.at(-1)).toMatchObject({ status: JobStatus.Completed, stages: [{ name: StageName.Cleanup, status: StageStatus.Completed, total: 2, done: 2 }] });
    expect((await fixture.job(jobId)).stages[0]?.done).toBe(2);
    expect(await fixture.ledger.countByOutcome(jobId, StageName.Cleanup)).toEqual({ done: 3, failed: 0, skipped: 0 });
  });
});
