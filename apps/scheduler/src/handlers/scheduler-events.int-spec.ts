import { JobStatus, JobType, LibraryChange, RoutingKey } from '@mediaflow/contracts';
import { ScheduledJob, ScheduledJobRun, ScheduleRunDecision } from '@mediaflow/persistence';
import { eventually, startServiceForTest, type ServiceUnderTest } from '@mediaflow/testing';
import { getModelToken } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { SchedulerEnv } from '../config/scheduler.env';
import { libraryScanScheduleName } from '../libraries/library-schedules.service';
import { SchedulerModule } from '../scheduler.module';
import { SchedulerEventsController } from './scheduler-events.controller';

describe(SchedulerEventsController.name, () => {
  let scheduler: ServiceUnderTest<SchedulerEnv>;
  let schedules: Model<ScheduledJob>;
  let runs: Model<ScheduledJobRun>;

  beforeAll(async () => {
    scheduler = await startServiceForTest({
      name: 'scheduler',
      envClass: SchedulerEnv,
      module: SchedulerModule,
      env: { SCHEDULER_DEFAULT_TIMEZONE: 'Europe/Berlin' },
    });
    schedules = scheduler.app.get(getModelToken(ScheduledJob.name));
    runs = scheduler.app.get(getModelToken(ScheduledJobRun.name));
  });

  afterAll(async () => {
    await scheduler?.stop();
  });

  it('gives a new library a daily 03:00 incremental scan in the default time zone, and removes it with the library', async () => {
    const libraryId = new Types.ObjectId().toString();

    await scheduler.publisher.publish(RoutingKey.LibraryChanged, { libraryId, change: LibraryChange.Created });
    const created = await eventually('the default schedule', async () => (await schedules.findOne({ name: libraryScanScheduleName(libraryId) }).lean()) ?? undefined);
    expect(created).toMatchObject({ type: JobType.LibraryScan, cron: '0 3 * * *', timezone: 'Europe/Berlin', params: { libraryId, mode: 'incremental' } });
    expect(created.nextRunAt?.getTime()).toBeGreaterThan(Date.now());

    await scheduler.publisher.publish(RoutingKey.LibraryChanged, { libraryId, change: LibraryChange.Deleted });
    await eventually('the schedule removed', async () => (await schedules.countDocuments({ libraryId: new Types.ObjectId(libraryId) })) === 0);
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
