import { JobStatus, JobType, LibraryChange, RoutingKey } from '@mediaflow/contracts';
import { Library, plannedNextRun, ScanScheduleMode, ScheduledJob, ScheduledJobRun, ScheduleRunDecision } from '@mediaflow/persistence';
import { eventually, startServiceForTest, type ServiceUnderTest } from '@mediaflow/testing';
import { getModelToken } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { SchedulerEnv } from '../config/scheduler.env';
import { nextOccurrence } from '@mediaflow/cron';
import { libraryScanScheduleName } from '../libraries/library-schedules.service';
import { SchedulerModule } from '../scheduler.module';
import { SchedulerEventsController } from './scheduler-events.controller';

describe(SchedulerEventsController.name, () => {
  let scheduler: ServiceUnderTest<SchedulerEnv>;
  let schedules: Model<ScheduledJob>;
  let runs: Model<ScheduledJobRun>;
  let libraries: Model<Library>;

  /** A library document as the gateway writes it before announcing it. */
  const library = async (scanScheduleMode?: ScanScheduleMode): Promise<string> => {
    const _id = new Types.ObjectId();
    await libraries.create({ _id, name: `library ${_id.toString()}`, rootPath: `/libraries/${_id.toString()}`, ...(scanScheduleMode ? { scanScheduleMode } : {}) });
    return _id.toString();
  };

  beforeAll(async () => {
    scheduler = await startServiceForTest({
      name: 'scheduler',
      envClass: SchedulerEnv,
      module: SchedulerModule,
      // One message at a time, in order: a later message handled means the earlier ones were decided.
      env: { SCHEDULER_DEFAULT_TIMEZONE: 'Europe/Berlin', AMQP_PREFETCH: '1' },
    });
    schedules = scheduler.app.get(getModelToken(ScheduledJob.name));
    runs = scheduler.app.get(getModelToken(ScheduledJobRun.name));
    libraries = scheduler.app.get(getModelToken(Library.name));
  });

  afterAll(async () => {
    await scheduler?.stop();
  });

  it('gives a new library a daily 03:00 incremental scan in the default time zone, and removes it with the library', async () => {
    const libraryId = await library();

    await scheduler.publisher.publish(RoutingKey.LibraryChanged, { libraryId, change: LibraryChange.Created });
    const created = await eventually('the default schedule', async () => (await schedules.findOne({ name: libraryScanScheduleName(libraryId) }).lean()) ?? undefined);
    expect(created).toMatchObject({ type: JobType.LibraryScan, cron: '0 3 * * *', timezone: 'Europe/Berlin', params: { libraryId, mode: 'incremental' } });
    expect(plannedNextRun(created, null, nextOccurrence)?.getTime()).toBeGreaterThan(Date.now());

    await scheduler.publisher.publish(RoutingKey.LibraryChanged, { libraryId, change: LibraryChange.Deleted });
    await eventually('the schedule removed', async () => (await schedules.countDocuments({ libraryId: new Types.ObjectId(libraryId) })) === 0);
  });

  it('gives no default scan to a library created without one, nor to one gone by then', async () => {
    const withoutScan = await library(ScanScheduleMode.None);
    const gone = new Types.ObjectId().toString();
    const withDefault = await library(ScanScheduleMode.Default);

    for (const libraryId of [withoutScan, gone, withDefault]) {
      await scheduler.publisher.publish(RoutingKey.LibraryChanged, { libraryId, change: LibraryChange.Created });
    }

    // Prefetch 1: once the last has its schedule, the others were decided.
    await eventually('the default schedule of the last one', async () => (await schedules.countDocuments({ name: libraryScanScheduleName(withDefault) })) === 1);
    expect(await schedules.countDocuments({ name: { $in: [libraryScanScheduleName(withoutScan), libraryScanScheduleName(gone)] } })).toBe(0);
  });

  it('leaves a custom schedule written with the library as it is', async () => {
    const libraryId = await library(ScanScheduleMode.Custom);
    const custom = await schedules.create({
      name: libraryScanScheduleName(libraryId),
      type: JobType.LibraryScan,
      params: { libraryId, mode: 'full' },
      cron: '0 5 * * 1',
      timezone: 'UTC',
      libraryId: new Types.ObjectId(libraryId),
    });
    const marker = await library(ScanScheduleMode.Default);

    await scheduler.publisher.publish(RoutingKey.LibraryChanged, { libraryId, change: LibraryChange.Created });
    await scheduler.publisher.publish(RoutingKey.LibraryChanged, { libraryId: marker, change: LibraryChange.Created });

    await eventually('the marker library handled', async () => (await schedules.countDocuments({ name: libraryScanScheduleName(marker) })) === 1);
    expect(await schedules.find({ libraryId: new Types.ObjectId(libraryId) }).lean()).toEqual([
      expect.objectContaining({ _id: custom._id, cron: '0 5 * * 1', params: { libraryId, mode: 'full' } }),
    ]);
  });

  it('seeds the stale-job-recovery and retention schedules', async () => {
    const names = (await schedules.find({ name: /^system:/ }).lean()).map((schedule) => schedule.name).sort();
    expect(names).toEqual(['system:retention', 'system:stale-job-recovery']);
  });

  it('records how a fired run ended from job.finished', async () => {
    const jobId = new Types.ObjectId();
    const scheduleId = new Types.ObjectId();
    await runs.create({ scheduleId, occurrenceAt: new Date('2026-01-01T03:00:00Z'), decision: ScheduleRunDecision.Fired, jobId, jobIds: [jobId] });

    await scheduler.publisher.publish(RoutingKey.JobFinished, {
      jobId: jobId.toString(),
      type: JobType.LibraryScan,
      status: JobStatus.CompletedWithErrors,
      durationMs: 4_200,
    });

    const run = await eventually('the run updated', async () => {
      const found = await runs.findOne({ jobId }).lean();
      return found?.status ? found : undefined;
    });
    expect(run).toMatchObject({ status: JobStatus.CompletedWithErrors, durationMs: 4_200 });
  });
});
