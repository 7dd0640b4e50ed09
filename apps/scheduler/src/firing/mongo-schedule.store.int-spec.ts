import { JobType } from '@mediaflow/contracts';
import { ScheduledJob, ScheduleFiring } from '@mediaflow/persistence';
import { startServiceForTest, uniqueName, type ServiceUnderTest } from '@mediaflow/testing';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { SchedulerEnv } from '../config/scheduler.env';
import { SchedulerModule } from '../scheduler.module';
import { MongoScheduleStore } from './mongo-schedule.store';
import { ScheduleStore } from './schedule.store';

/**
 * The store on the real database (FerretDB locally, MongoDB in compose). FerretDB writes back the whole
 * document an update read; when claims wrote the schedule's own document, a pause written between a
 * claim's read and its write was lost in 30 of 40 trials of the first test. Claims now write only the
 * firing document.
 */
describe(MongoScheduleStore.name, () => {
  let scheduler: ServiceUnderTest<SchedulerEnv>;
  let store: ScheduleStore;
  let definitions: Model<ScheduledJob>;
  let firings: Model<ScheduleFiring>;

  beforeAll(async () => {
    scheduler = await startServiceForTest({ name: 'scheduler', envClass: SchedulerEnv, module: SchedulerModule, env: { SCHEDULER_ENABLED: 'false', SCHEDULER_SYSTEM_SCHEDULES: 'false' } });
    store = scheduler.app.get(ScheduleStore);
    definitions = scheduler.app.get(getModelToken(ScheduledJob.name));
    firings = scheduler.app.get(getModelToken(ScheduleFiring.name));
  });

  afterAll(async () => {
    await scheduler?.stop();
  });

  /** A per-second schedule whose timing changed 5 s ago: due at once. */
  const perSecond = () => definitions.create({ name: uniqueName('every-second'), type: JobType.Retention, cron: '* * * * * *', timingChangedAt: new Date(Date.now() - 5_000) });

  it('never undoes a pause written while claims of the schedule keep landing', async () => {
    const lost: number[] = [];
    for (let trial = 0; trial < 20; trial += 1) {
      const created = await perSecond();
      let claiming = true;
      const claims = (async () => {
        while (claiming) {
          const [due] = (await store.findDue(new Date(Date.now() + 60_000), 1_000)).due.filter((schedule) => schedule._id.equals(created._id));
          if (due) await store.claimNextRun(due, { next: new Date(Date.now() + 1_000), occurrences: [], expiresAt: new Date(Date.now() + 30_000) });
        }
      })();
      await definitions.updateOne({ _id: created._id }, { $set: { paused: true, timingChangedAt: new Date() } });
      await new Promise((resolve) => setTimeout(resolve, 50));
      claiming = false;
      await claims;
      if ((await definitions.findById(created._id).lean())?.paused !== true) lost.push(trial);
    }
    expect(lost).toEqual([]);
  });

  it('plans a schedule once: a second claim of the same read loses', async () => {
    const created = await perSecond();
    const [due] = (await store.findDue(new Date(Date.now() + 60_000), 1_000)).due.filter((schedule) => schedule._id.equals(created._id));
    const claim = { next: new Date(Date.now() + 1_000), occurrences: [new Date()], expiresAt: new Date(Date.now() + 30_000) };

    expect(due?.storedPlan).toBeNull();
    expect(await store.claimNextRun(due!, claim)).toBe(true);
    expect(await store.claimNextRun(due!, claim)).toBe(false);
    expect(await firings.findById(created._id).lean()).toMatchObject({ nextRunAt: claim.next, claimedOccurrences: claim.occurrences });
  });

  it('leaves a paused schedule out of the due ones, and a resumed one plans from its resume', async () => {
    const created = await perSecond();
    await definitions.updateOne({ _id: created._id }, { $set: { paused: true, timingChangedAt: new Date() } });
    const dueIds = async (): Promise<string[]> => (await store.findDue(new Date(Date.now() + 60_000), 1_000)).due.map((schedule) => schedule._id.toString());
    expect(await dueIds()).not.toContain(created._id.toString());

    const resumedAt = new Date();
    await definitions.updateOne({ _id: created._id }, { $set: { paused: false, timingChangedAt: resumedAt } });
    const [resumed] = (await store.findDue(new Date(Date.now() + 60_000), 1_000)).due.filter((schedule) => schedule._id.equals(created._id));
    expect(resumed?.nextRunAt?.getTime()).toBe(Math.floor(resumedAt.getTime() / 1000) * 1000 + 1000);
  });

  it('shows a run-now request until it is noted as handled', async () => {
    const created = await perSecond();
    const requestedAt = new Date(Date.now() + 1);
    await definitions.updateOne({ _id: created._id }, { $set: { runNowRequestedAt: requestedAt, runNowForce: true } });
    const pending = async (): Promise<boolean> => (await store.findRunNowRequested(1_000)).some((schedule) => schedule._id.equals(created._id));

    expect(await pending()).toBe(true);
    await store.clearRunNow(created._id, requestedAt);
    expect(await pending()).toBe(false);
  });
});
