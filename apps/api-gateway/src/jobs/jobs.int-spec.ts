import { ItemOutcome, JobStatus, JobType, RoutingKey, StageName, StageStatus } from '@mediaflow/contracts';
import { eventually } from '@mediaflow/testing';
import { Types } from 'mongoose';
import { GatewayUnderTest } from '../testing/gateway-test-harness';
import { JobsController } from './jobs.controller';

const stage = (name: StageName, total: number | null, done = 0, failed = 0, skipped = 0) => ({
  name,
  status: total !== null && done + failed + skipped >= total ? StageStatus.Completed : StageStatus.Running,
  total,
  totalKnown: total !== null,
  done,
  failed,
  skipped,
});

describe(JobsController.name, () => {
  let sut: GatewayUnderTest;

  beforeAll(async () => {
    sut = await GatewayUnderTest.start();
  });

  afterAll(async () => {
    await sut?.stop();
  });

  describe('POST /libraries/:id/scans', () => {
    it('creates the scan job and its dependent cleanup job, then publishes the command', async () => {
      const library = await sut.createLibrary('Scanned');
      const response = await sut.call('POST', `/api/v1/libraries/${library.id}/scans`, { body: { mode: 'full' } });
      expect(response.status).toBe(202);
      const { jobId, cleanupJobId } = response.body as { jobId: string; cleanupJobId: string };

      const scan = await sut.jobs.findById(jobId).lean();
      expect(scan).toMatchObject({
        type: JobType.LibraryScan,
        status: JobStatus.Pending,
        libraryId: new Types.ObjectId(library.id),
        params: { libraryId: library.id, mode: 'full' },
        description: 'Full scan of library "Scanned"',
      });
      expect(scan?.stages.map((s) => [s.name, s.status, s.totalKnown])).toEqual([
        [StageName.Discover, StageStatus.Pending, false],
        [StageName.Thumbnail, StageStatus.Pending, false],
        [StageName.Cache, StageStatus.Pending, false],
      ]);
      const cleanup = await sut.jobs.findById(cleanupJobId).lean();
      expect(cleanup).toMatchObject({ type: JobType.DerivativeCleanup, status: JobStatus.Pending, dependsOn: [new Types.ObjectId(jobId)] });
      expect(cleanup?.stages.map((s) => s.name)).toEqual([StageName.Cleanup]);

      const command = await eventually('library.scan.requested.v1', () =>
        sut.capture.messagesOf(RoutingKey.LibraryScanRequested).find((message) => message.payload.jobId === jobId),
      );
      expect(command.payload).toEqual({ jobId, libraryId: library.id, mode: 'full' });
      expect(command.correlationId).toBe(scan?.correlationId);
    });

    it('answers 404 for an unknown library and 400 for an unknown mode', async () => {
      expect((await sut.call('POST', `/api/v1/libraries/${new Types.ObjectId().toString()}/scans`, { body: { mode: 'full' } })).status).toBe(404);
      const library = await sut.createLibrary('Bad mode');
      const response = await sut.call('POST', `/api/v1/libraries/${library.id}/scans`, { body: { mode: 'deep' } });
      expect(response.status).toBe(400);
      expect(response.body.error.details[0].field).toBe('mode');
    });
  });

  describe('GET /jobs/:id', () => {
    it('shows stages, rate, ETA, children, dependencies and the failure sample', async () => {
      const startedAt = new Date(Date.now() - 10_000);
      const dependency = new Types.ObjectId();
      const job = await sut.jobs.create({
        type: JobType.LibraryScan,
        status: JobStatus.Running,
        stages: [stage(StageName.Discover, 10, 10), stage(StageName.Thumbnail, 50, 15, 3, 2), stage(StageName.Cache, 50, 10)],
        dependsOn: [dependency],
        childrenTotal: 2,
        childrenFinished: 1,
        failureSample: [{ stage: StageName.Thumbnail, itemId: 'img1', path: 'a/b.jpg', reason: 'corrupt JPEG' }],
        startedAt,
      });
      const child = await sut.jobs.create({ type: JobType.CollectionScan, status: JobStatus.Completed, parentId: job._id });

      const response = await sut.call('GET', `/api/v1/jobs/${job._id.toString()}`);
      expect(response.status).toBe(200);
      const detail = response.body;
      expect(detail.stages[1]).toEqual({ name: 'thumbnail', status: 'running', total: 50, totalKnown: true, done: 15, failed: 3, skipped: 2 });
      expect(detail.progress.processed).toBe(40);
      expect(detail.progress.remaining).toBe(70);
      expect(detail.progress.ratePerSecond).toBeGreaterThan(3.5);
      expect(detail.progress.ratePerSecond).toBeLessThanOrEqual(4);
      expect(detail.progress.etaSeconds).toBeGreaterThanOrEqual(17);
      expect(detail.progress.etaSeconds).toBeLessThanOrEqual(20);
      expect(detail.dependsOn).toEqual([dependency.toString()]);
      expect(detail.children).toEqual({ total: 2, finished: 1, items: [{ id: child._id.toString(), type: 'collection-scan', status: 'completed' }] });
      expect(detail.failureSample).toEqual([{ stage: 'thumbnail', itemId: 'img1', path: 'a/b.jpg', reason: 'corrupt JPEG' }]);
      expect(detail.startedAt).toBe(startedAt.toISOString());
    });

    it('answers 404 for an unknown job', async () => {
      const response = await sut.call('GET', `/api/v1/jobs/${new Types.ObjectId().toString()}`);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('JOB_NOT_FOUND');
    });
  });

  describe('GET /jobs', () => {
    it('filters by library, type and status, newest first, with a cursor', async () => {
      const libraryId = new Types.ObjectId();
      const created = [];
      for (let index = 0; index < 5; index++) {
        created.push(await sut.jobs.create({ type: JobType.WatchSync, status: index === 4 ? JobStatus.Failed : JobStatus.Completed, libraryId }));
      }
      // By _id, not by creation order: ObjectIds made in one second are out of order when the driver's counter wraps.
      const newestFirst = created.map((job) => job._id.toString()).sort((a, b) => b.localeCompare(a));
      const failedJob = created[4]!._id.toString();

      const first = await sut.call('GET', `/api/v1/jobs?libraryId=${libraryId.toString()}&type=watch-sync&limit=2`);
      const second = await sut.call('GET', `/api/v1/jobs?libraryId=${libraryId.toString()}&type=watch-sync&limit=2&cursor=${first.body.nextCursor}`);
      const third = await sut.call('GET', `/api/v1/jobs?libraryId=${libraryId.toString()}&type=watch-sync&limit=2&cursor=${second.body.nextCursor}`);
      const ids = [first, second, third].flatMap((page) => page.body.items.map((item: { id: string }) => item.id));
      expect(ids).toEqual(newestFirst);
      expect(third.body.nextCursor).toBeNull();

      const failed = await sut.call('GET', `/api/v1/jobs?libraryId=${libraryId.toString()}&status=failed`);
      expect(failed.body.items.map((item: { id: string }) => item.id)).toEqual([failedJob]);
    });
  });

  describe('POST /jobs/:id/cancel', () => {
    it('publishes the cancel request for a job that has not ended', async () => {
      const job = await sut.jobs.create({ type: JobType.LibraryScan, status: JobStatus.Running });
      const jobId = job._id.toString();
      const response = await sut.call('POST', `/api/v1/jobs/${jobId}/cancel`);
      expect(response.status).toBe(202);
      await eventually('job.cancel.requested.v1', () => sut.capture.messagesOf(RoutingKey.JobCancelRequested).some((message) => message.payload.jobId === jobId));
    });

    it('answers 409 for a job that has already ended', async () => {
      const job = await sut.jobs.create({ type: JobType.LibraryScan, status: JobStatus.Completed });
      const response = await sut.call('POST', `/api/v1/jobs/${job._id.toString()}/cancel`);
      expect(response.status).toBe(409);
      expect(response.body.error).toMatchObject({ code: 'JOB_ALREADY_ENDED', message: expect.stringContaining('(completed)') });
    });
  });

  describe('POST /jobs/:id/retry-failed', () => {
    const image = async (libraryId: Types.ObjectId, name: string, deleted = false) =>
      sut.images.create({
        libraryId,
        collectionId: new Types.ObjectId(),
        relativePath: name,
        size: 10,
        mtimeMs: 1,
        fingerprint: `fp-${name}`,
        deletedAt: deleted ? new Date() : null,
      });

    it('starts a job that re-renders the failed items of the job and its children', async () => {
      const libraryId = new Types.ObjectId();
      const parent = await sut.jobs.create({ type: JobType.LibraryScan, status: JobStatus.CompletedWithErrors, libraryId });
      const child = await sut.jobs.create({ type: JobType.CollectionScan, status: JobStatus.CompletedWithErrors, libraryId, parentId: parent._id });
      const [a, b, c, gone] = [await image(libraryId, 'a.jpg'), await image(libraryId, 'b.jpg'), await image(libraryId, 'c.jpg'), await image(libraryId, 'gone.jpg', true)];
      await sut.jobItems.insertMany([
        { jobId: child._id, stage: StageName.Thumbnail, itemId: a._id.toString(), outcome: ItemOutcome.Failed, reason: 'corrupt' },
        { jobId: child._id, stage: StageName.Cache, itemId: a._id.toString(), outcome: ItemOutcome.Failed, reason: 'corrupt' },
        { jobId: parent._id, stage: StageName.Cache, itemId: b._id.toString(), outcome: ItemOutcome.Failed, reason: 'too large' },
        { jobId: child._id, stage: StageName.Thumbnail, itemId: c._id.toString(), outcome: ItemOutcome.Done },
        { jobId: child._id, stage: StageName.Thumbnail, itemId: gone._id.toString(), outcome: ItemOutcome.Failed, reason: 'x' },
      ]);

      const response = await sut.call('POST', `/api/v1/jobs/${parent._id.toString()}/retry-failed`);
      expect(response.status).toBe(202);
      const jobId = response.body.jobId as string;
      const retry = await sut.jobs.findById(jobId).lean();
      expect(retry).toMatchObject({ type: JobType.CollectionScan, status: JobStatus.Pending, libraryId, params: { retryOf: parent._id.toString() } });
      expect(retry?.stages.map((s) => s.name)).toEqual([StageName.Thumbnail, StageName.Cache]);

      const requestsOf = (key: RoutingKey) => sut.capture.messagesOf(key).filter((message) => message.payload.jobId === jobId).map((message) => message.payload);
      await eventually('stage totals', () => requestsOf(RoutingKey.JobStageTotal).length === 2);
      expect(requestsOf(RoutingKey.ThumbnailRequested)).toEqual([
        { jobId, imageId: a._id.toString(), libraryId: libraryId.toString(), fingerprint: 'fp-a.jpg' },
      ]);
      expect(requestsOf(RoutingKey.CacheRequested).map((body) => body.imageId).sort()).toEqual([a._id.toString(), b._id.toString()].sort());
      expect(requestsOf(RoutingKey.JobStageTotal)).toEqual([
        { jobId, stage: 'thumbnail', total: 1 },
        { jobId, stage: 'cache', total: 2 },
      ]);
    });

    it('answers 409 when nothing failed', async () => {
      const job = await sut.jobs.create({ type: JobType.LibraryScan, status: JobStatus.Completed });
      const response = await sut.call('POST', `/api/v1/jobs/${job._id.toString()}/retry-failed`);
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('NOTHING_TO_RETRY');
    });
  });
});
