import { JobStatus, JobType, RoutingKey, type JobFailedV1 } from '@mediaflow/contracts';
import { BackgroundJob } from '@mediaflow/persistence';
import { eventually, MessageCapture, startServiceForTest, type ServiceUnderTest } from '@mediaflow/testing';
import { getModelToken } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { SchedulerEnv } from '../config/scheduler.env';
import { SchedulerModule } from '../scheduler.module';
import { StaleJobRecovery } from './stale-job-recovery';

const STALE_MS = 60_000;

describe(StaleJobRecovery.name, () => {
  let scheduler: ServiceUnderTest<SchedulerEnv>;
  let jobs: Model<BackgroundJob>;
  let sut: StaleJobRecovery;
  let capture: MessageCapture;
  let failed: JobFailedV1[] = [];
  // Jobs are created now; recovery runs "ten minutes later", so progress is placed relative to that.
  const now = new Date(Date.now() + 10 * 60_000);
  const longAgo = new Date(now.getTime() - 5 * 60_000);
  const recently = new Date(now.getTime() - 5_000);

  beforeAll(async () => {
    scheduler = await startServiceForTest({
      name: 'scheduler',
      envClass: SchedulerEnv,
      module: SchedulerModule,
      env: { SCHEDULER_SYSTEM_SCHEDULES: 'false', SCHEDULER_ENABLED: 'false' },
    });
    jobs = scheduler.app.get(getModelToken(BackgroundJob.name));
    sut = scheduler.app.get(StaleJobRecovery);
    capture = await MessageCapture.bind(scheduler.env.AMQP_EXCHANGE, [RoutingKey.JobFailed]);
    failed = capture.payloads as JobFailedV1[];
  });

  afterAll(async () => {
    await capture?.close();
    await scheduler?.stop();
  });

  beforeEach(async () => {
    await jobs.deleteMany({});
    failed.length = 0;
  });

  const job = async (fields: Partial<BackgroundJob> = {}): Promise<Types.ObjectId> =>
    (await jobs.create({ type: JobType.CollectionScan, status: JobStatus.Running, ...fields }))._id;

  /** Runs recovery and returns the ids it reported failed, once all its messages arrived. */
  const recover = async (): Promise<string[]> => {
    const summary = await sut.recover(STALE_MS, now);
    const count = Number(/^(\d+) stale/.exec(summary)?.[1]);
    await eventually(`${count} job.failed messages`, () => failed.length === count);
    return failed.map((message) => message.jobId).sort();
  };

  it('fails a running job that has not moved for longer than the threshold, saying so', async () => {
    const stuck = await job({ lastProgressAt: longAgo });
    await job({ lastProgressAt: recently });

    expect(await recover()).toEqual([stuck.toString()]);
    expect(failed[0]?.reason).toBe('no progress for 1 minute; the worker handling it probably died');
  });

  it('leaves a whole family alone while any of its members moves', async () => {
    const parent = await job({ type: JobType.LibraryScan, lastProgressAt: longAgo });
    await job({ parentId: parent, lastProgressAt: recently });
    await job({ parentId: parent, lastProgressAt: null });

    expect(await recover()).toEqual([]);
  });

  it('fails every member of a family in which nothing moved', async () => {
    const parent = await job({ type: JobType.LibraryScan, lastProgressAt: longAgo });
    const children = [await job({ parentId: parent }), await job({ parentId: parent })];

    expect(await recover()).toEqual([parent, ...children].map(String).sort());
  });

  it('does not fail a dependent that waits for its prerequisites', async () => {
    const prerequisite = await job({ type: JobType.LibraryScan, lastProgressAt: recently });
    await job({ type: JobType.DerivativeCleanup, status: JobStatus.Pending, dependsOn: [prerequisite] });

    expect(await recover()).toEqual([]);
  });

  it('says the threshold in seconds when it is not whole minutes', async () => {
    await job();
    await sut.recover(4_500, new Date(Date.now() + 60_000));

    await eventually('the job.failed message', () => failed.length === 1);
    expect(failed[0]?.reason).toMatch(/^no progress for 4.5 seconds;/);
  });
});
