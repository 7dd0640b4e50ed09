import { JobType, MisfirePolicy, OverlapPolicy, RoutingKey, type DerivativesCleanupRequestedV1 } from '@mediaflow/contracts';
import { Library, ScheduledJob, ScheduledJobRun, ScheduleRunDecision } from '@mediaflow/persistence';
import { eventually, MessageCapture, startServiceForTest, uniqueName, type ServiceUnderTest } from '@mediaflow/testing';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { register } from 'prom-client';
import { SchedulerEnv } from './config/scheduler.env';
import { ScheduleTicker } from './firing/schedule-ticker';
import { SchedulerModule } from './scheduler.module';

/** Three replicas on one exchange and database fire a per-second schedule: each occurrence exactly once. */
describe(ScheduleTicker.name, () => {
  const shared = { AMQP_EXCHANGE: uniqueName('mf_test'), MONGO_DB: uniqueName('mf_test'), SCHEDULER_SYSTEM_SCHEDULES: 'false' };
  const replicas: ServiceUnderTest<SchedulerEnv>[] = [];
  let commands: DerivativesCleanupRequestedV1[] = [];
  let capture: MessageCapture;

  beforeAll(async () => {
    for (let i = 0; i < 3; i += 1) {
      // prom-client's default registry is process-wide; each replica registers the same metric names.
      register.clear();
      replicas.push(await startServiceForTest({ name: 'scheduler', envClass: SchedulerEnv, module: SchedulerModule, env: shared }));
    }
    capture = await MessageCapture.bind(shared.AMQP_EXCHANGE, [RoutingKey.DerivativesCleanupRequested]);
    commands = capture.payloads as DerivativesCleanupRequestedV1[];
  });

  afterAll(async () => {
    await capture?.close();
    // Only the last one deletes the shared exchange, queues and database.
    const running = replicas.filter((replica) => replica.app.getHttpServer().listening);
    for (const [index, replica] of running.entries()) await replica.stop({ cleanUp: index === running.length - 1 });
  });

  function model<T>(name: string): Model<T> {
    return replicas[replicas.length - 1]!.app.get<Model<T>>(getModelToken(name));
  }

  it('fires every occurrence of a per-second schedule exactly once across three replicas, one of them stopped midway', async () => {
    const library = await model<Library>(Library.name).create({ name: uniqueName('lib'), rootPath: `/libraries/${uniqueName('lib')}` });
    const start = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000);
    const schedule = await model<ScheduledJob>(ScheduledJob.name).create({
      name: uniqueName('every-second'),
      type: JobType.DerivativeCleanup,
      params: { libraryId: library._id.toString() },
      cron: '* * * * * *',
      misfirePolicy: MisfirePolicy.FireOnce,
      overlapPolicy: OverlapPolicy.Allow,
      timingChangedAt: new Date(start.getTime() - 1000), // the first occurrence planned is `start`
    });
    const runs = model<ScheduledJobRun>(ScheduledJobRun.name);
    const runCount = (): Promise<number> => runs.countDocuments({ scheduleId: schedule._id });

    await eventually('10 runs', async () => (await runCount()) >= 10);
    await replicas[0]!.stop({ cleanUp: false });
    await eventually('20 runs', async () => (await runCount()) >= 20, 30_000);
    await model<ScheduledJob>(ScheduledJob.name).updateOne({ _id: schedule._id }, { $set: { enabled: false } });
    const stoppedAt = Date.now();
    await eventually('the last fired occurrences published', async () => {
      const fired = await runs.countDocuments({ scheduleId: schedule._id, decision: ScheduleRunDecision.Fired });
      return Date.now() - stoppedAt > 1_500 && commands.length === fired;
    });

    const all = await runs.find({ scheduleId: schedule._id }).sort({ occurrenceAt: 1 }).lean();
    const perOccurrence = new Map<number, number>();
    for (const run of all) perOccurrence.set(run.occurrenceAt.getTime(), (perOccurrence.get(run.occurrenceAt.getTime()) ?? 0) + 1);
    expect([...perOccurrence.values()].every((count) => count === 1)).toBe(true);
    expect(all.length).toBeGreaterThanOrEqual(20);
    expect(all.length).toBeLessThanOrEqual(30);
    expect(all.every((run) => run.decision === ScheduleRunDecision.Fired)).toBe(true);
    // Consecutive seconds, none missing.
    const seconds = all.map((run) => run.occurrenceAt.getTime());
    expect(seconds).toEqual(seconds.map((_, i) => start.getTime() + i * 1000));
    // One command per run, carrying the run's job.
    expect(commands.map((command) => command.jobId).sort()).toEqual(all.map((run) => run.jobId?.toString()).sort());
    expect(commands.every((command) => command.libraryId === library._id.toString() && command.prerequisites.length === 0)).toBe(true);
  });
});
