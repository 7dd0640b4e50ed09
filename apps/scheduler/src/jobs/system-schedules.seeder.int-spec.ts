import { plannedNextRun, ScheduledJob } from '@mediaflow/persistence';
import { startServiceForTest, type ServiceUnderTest } from '@mediaflow/testing';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { SchedulerEnv } from '../config/scheduler.env';
import { nextOccurrence } from '@mediaflow/cron';
import { SchedulerModule } from '../scheduler.module';
import { Clock } from '../time/clock';
import { SystemSchedulesSeeder } from './system-schedules.seeder';

describe(SystemSchedulesSeeder.name, () => {
  let scheduler: ServiceUnderTest<SchedulerEnv>;
  let schedules: Model<ScheduledJob>;

  beforeAll(async () => {
    scheduler = await startServiceForTest({
      name: 'scheduler',
      envClass: SchedulerEnv,
      module: SchedulerModule,
      env: { SCHEDULER_ENABLED: 'false', SCHEDULER_STALE_JOB_CRON: '*/2 * * * * *', SCHEDULER_RETENTION_CRON: '0 2 * * *' },
    });
    schedules = scheduler.app.get(getModelToken(ScheduledJob.name));
  });

  afterAll(async () => {
    await scheduler?.stop();
  });

  const stored = async (name: string): Promise<ScheduledJob | null> => schedules.findOne({ name }).lean();

  it('creates the system schedules on the configured crons', async () => {
    expect((await stored('system:stale-job-recovery'))?.cron).toBe('*/2 * * * * *');
    expect((await stored('system:retention'))?.cron).toBe('0 2 * * *');
  });

  it('moves an existing system schedule to the cron a later start is configured with, keeping it paused', async () => {
    await schedules.updateOne({ name: 'system:stale-job-recovery' }, { $set: { paused: true } });
    const env = Object.assign(new SchedulerEnv(), scheduler.env, { SCHEDULER_STALE_JOB_CRON: '*/10 * * * *' });
    const sut = new SystemSchedulesSeeder(schedules, new Clock(), env);

    await sut.onApplicationBootstrap();

    const moved = await stored('system:stale-job-recovery');
    expect(moved).toMatchObject({ cron: '*/10 * * * *', paused: true });
    expect(plannedNextRun(moved!, null, nextOccurrence)).toBeNull();
    expect(await schedules.countDocuments({ name: /^system:/ })).toBe(2);
  });

  it('gives an active system schedule the next occurrence of its new cron', async () => {
    await schedules.updateOne({ name: 'system:retention' }, { $set: { paused: false } });
    const env = Object.assign(new SchedulerEnv(), scheduler.env, { SCHEDULER_RETENTION_CRON: '15 5 * * *' });
    const sut = new SystemSchedulesSeeder(schedules, new Clock(), env);

    await sut.onApplicationBootstrap();

    const retention = await stored('system:retention');
    expect(retention?.cron).toBe('15 5 * * *');
    // Planned from the change, whatever the firing state planned under the old cron.
    const staleFiring = { plannedFrom: new Date(0), nextRunAt: new Date(0) };
    expect(plannedNextRun(retention!, staleFiring, nextOccurrence)?.toISOString()).toMatch(/T05:15:00\.000Z$/);
  });
});
