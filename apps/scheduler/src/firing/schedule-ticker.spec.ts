import { JobStatus, JobType, MisfirePolicy, OverlapPolicy } from '@mediaflow/contracts';
import { ScheduleRunDecision } from '@mediaflow/persistence';
import { Types } from 'mongoose';
import { SchedulerEnv } from '../config/scheduler.env';
import { nextOccurrence } from '@mediaflow/cron';
import { JobLauncher, type PreparedLaunch } from '../jobs/job-launcher';
import { InMemoryScheduleStore } from '../testing/in-memory-schedule.store';
import { Clock } from '../time/clock';
import { ScheduleFirer } from './schedule-firer';
import { ScheduleTicker } from './schedule-ticker';
import type { ScheduleRecord } from './schedule.store';

class FakeClock extends Clock {
  constructor(private current: Date) {
    super();
  }
  override now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Records each start; every started job stays active until the test ends it. */
class RecordingLauncher extends JobLauncher {
  readonly started: { occurrenceAt: Date; jobId: Types.ObjectId }[] = [];
  constructor(private readonly store: InMemoryScheduleStore) {
    super();
  }
  prepare(_schedule: ScheduleRecord, occurrenceAt: Date): Promise<PreparedLaunch> {
    const jobId = new Types.ObjectId();
    return Promise.resolve({
      jobIds: [jobId],
      start: () => {
        this.started.push({ occurrenceAt, jobId });
        this.store.activeJobIds.add(jobId.toString());
        return Promise.resolve(null);
      },
    });
  }
  fired(): string[] {
    return this.started.map((start) => start.occurrenceAt.toISOString());
  }
}

describe(ScheduleTicker.name, () => {
  let store: InMemoryScheduleStore;
  let clock: FakeClock;
  let launcher: RecordingLauncher;
  let sut: ScheduleTicker;

  beforeEach(() => {
    store = new InMemoryScheduleStore();
    clock = new FakeClock(new Date('2026-01-01T00:00:00Z'));
    launcher = new RecordingLauncher(store);
    const env = Object.assign(new SchedulerEnv(), { SCHEDULER_MISFIRE_THRESHOLD_MS: 60_000 });
    sut = new ScheduleTicker(store, new ScheduleFirer(store, launcher, clock, env), clock, env);
  });

  function addSchedule(overrides: Partial<ScheduleRecord> & { cron: string }): ScheduleRecord {
    const timezone = overrides.timezone ?? 'UTC';
    return store.add({ type: JobType.DerivativeCleanup, nextRunAt: nextOccurrence(overrides.cron, timezone, clock.now()), ...overrides });
  }

  /** Ticks every `stepMs` from now until `until`, like the loop does. */
  async function runUntil(until: string, stepMs = 1_000): Promise<void> {
    while (clock.now().getTime() < new Date(until).getTime()) {
      clock.advance(stepMs);
      await sut.tick();
    }
  }

  function runsOf(schedule: ScheduleRecord, decision: ScheduleRunDecision): string[] {
    return store.runs.filter((run) => run.scheduleId.equals(schedule._id) && run.decision === decision).map((run) => run.occurrenceAt.toISOString());
  }

  describe('DST', () => {
    it('fires a Europe/Berlin 02:30 schedule once on the March night without 02:30, at 03:00 CEST when the gap ends', async () => {
      clock.set('2026-03-28T12:00:00Z');
      addSchedule({ cron: '30 2 * * *', timezone: 'Europe/Berlin', overlapPolicy: OverlapPolicy.Allow });

      await runUntil('2026-03-30T12:00:00Z', 60_000);

      expect(launcher.fired()).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']);
    });

    it('fires a Europe/Berlin 02:30 schedule once on the October night with two 02:30s', async () => {
      clock.set('2026-10-24T12:00:00Z');
      addSchedule({ cron: '30 2 * * *', timezone: 'Europe/Berlin', overlapPolicy: OverlapPolicy.Allow });

      await runUntil('2026-10-26T12:00:00Z', 60_000);

      expect(launcher.fired()).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
    });
  });

  it('fires a six-field (per-second) schedule every second', async () => {
    addSchedule({ cron: '* * * * * *', overlapPolicy: OverlapPolicy.Allow });

    await runUntil('2026-01-01T00:00:05Z');

    expect(launcher.fired()).toEqual(['01', '02', '03', '04', '05'].map((s) => `2026-01-01T00:00:${s}.000Z`));
  });

  it('fires each occurrence once however often it ticks', async () => {
    addSchedule({ cron: '*/2 * * * * *', overlapPolicy: OverlapPolicy.Allow });

    await runUntil('2026-01-01T00:00:06Z', 250);

    expect(launcher.fired()).toEqual(['02', '04', '06'].map((s) => `2026-01-01T00:00:${s}.000Z`));
  });

  describe('misfire after a one-hour outage', () => {
    /** Every 5 minutes; nextRunAt 09:00 but no scheduler ran until 10:02:30 (09:00 … 10:00 missed). */
    function afterOutage(misfirePolicy: MisfirePolicy, misfireFireAllCap = 10): ScheduleRecord {
      clock.set('2026-01-01T10:02:30Z');
      return store.add({
        type: JobType.DerivativeCleanup,
        cron: '*/5 * * * *',
        nextRunAt: new Date('2026-01-01T09:00:00Z'),
        misfirePolicy,
        misfireFireAllCap,
        overlapPolicy: OverlapPolicy.Allow,
      });
    }

    it('skip fires none, records the skip and resumes in the future', async () => {
      const schedule = afterOutage(MisfirePolicy.Skip);

      await sut.tick();

      expect(launcher.fired()).toEqual([]);
      expect(store.get(schedule._id).nextRunAt?.toISOString()).toBe('2026-01-01T10:05:00.000Z');
      expect(runsOf(schedule, ScheduleRunDecision.SkippedMisfire)).toEqual(['2026-01-01T10:00:00.000Z']);
      expect(store.runs[0]?.reason).toContain('13 occurrence(s) from 2026-01-01T09:00:00.000Z');
    });

    it('fire_once fires exactly one (the latest missed)', async () => {
      const schedule = afterOutage(MisfirePolicy.FireOnce);

      await sut.tick();
      await sut.tick();

      expect(launcher.fired()).toEqual(['2026-01-01T10:00:00.000Z']);
      expect(store.get(schedule._id).nextRunAt?.toISOString()).toBe('2026-01-01T10:05:00.000Z');
    });

    it('fire_all fires min(missed, cap): the latest cap occurrences', async () => {
      afterOutage(MisfirePolicy.FireAll, 4);

      await sut.tick();

      expect(launcher.fired()).toEqual(['09:45', '09:50', '09:55', '10:00'].map((t) => `2026-01-01T${t}:00.000Z`));
    });

    it('fire_all fires every missed occurrence when fewer than the cap', async () => {
      afterOutage(MisfirePolicy.FireAll, 50);

      await sut.tick();

      expect(launcher.fired()).toHaveLength(13);
    });
  });

  describe('overlap', () => {
    function everyMinute(overlapPolicy: OverlapPolicy): ScheduleRecord {
      return addSchedule({ cron: '* * * * *', overlapPolicy });
    }

    function endJobs(): void {
      store.activeJobIds.clear();
    }

    it('skip records the occurrence as skipped while the previous run is active', async () => {
      const schedule = everyMinute(OverlapPolicy.Skip);

      await runUntil('2026-01-01T00:02:00Z');

      expect(launcher.fired()).toEqual(['2026-01-01T00:01:00.000Z']);
      expect(runsOf(schedule, ScheduleRunDecision.SkippedOverlap)).toEqual(['2026-01-01T00:02:00.000Z']);
    });

    it('buffer_one holds one occurrence, skips the next and fires the held one once when the previous ends', async () => {
      const schedule = everyMinute(OverlapPolicy.BufferOne);
      await runUntil('2026-01-01T00:03:00Z');
      expect(launcher.fired()).toEqual(['2026-01-01T00:01:00.000Z']);
      expect(store.get(schedule._id).bufferedOccurrenceAt?.toISOString()).toBe('2026-01-01T00:02:00.000Z');
      expect(runsOf(schedule, ScheduleRunDecision.SkippedOverlap)).toEqual(['2026-01-01T00:03:00.000Z']);

      endJobs();
      await runUntil('2026-01-01T00:03:05Z');

      expect(launcher.fired()).toEqual(['2026-01-01T00:01:00.000Z', '2026-01-01T00:02:00.000Z']);
      expect(store.get(schedule._id).bufferedOccurrenceAt).toBeNull();
      expect(store.runs.find((run) => run.occurrenceAt.toISOString() === '2026-01-01T00:02:00.000Z')?.reason).toContain('buffer_one');
    });

    it('allow fires every occurrence while earlier runs are active', async () => {
      everyMinute(OverlapPolicy.Allow);

      await runUntil('2026-01-01T00:03:00Z');

      expect(launcher.fired()).toEqual(['01', '02', '03'].map((m) => `2026-01-01T00:${m}:00.000Z`));
    });

    it('run-now respects the overlap policy unless forced', async () => {
      const schedule = everyMinute(OverlapPolicy.Skip);
      await runUntil('2026-01-01T00:01:00Z');

      store.get(schedule._id).runNowRequestedAt = new Date('2026-01-01T00:01:10.001Z');
      await runUntil('2026-01-01T00:01:11Z');
      store.get(schedule._id).runNowRequestedAt = new Date('2026-01-01T00:01:20.001Z');
      store.get(schedule._id).runNowForce = true;
      await runUntil('2026-01-01T00:01:21Z');

      expect(launcher.fired()).toEqual(['2026-01-01T00:01:00.000Z', '2026-01-01T00:01:20.001Z']);
      expect(runsOf(schedule, ScheduleRunDecision.SkippedOverlap)).toEqual(['2026-01-01T00:01:10.001Z']);
      expect(store.get(schedule._id).runNowRequestedAt).toBeNull();
    });
  });

  it('records a run whose command could not be published as publish_failed', async () => {
    const schedule = addSchedule({ cron: '* * * * * *' });
    jest.spyOn(launcher, 'prepare').mockResolvedValue({ jobIds: [new Types.ObjectId()], start: () => Promise.reject(new Error('broker unreachable')) });

    await runUntil('2026-01-01T00:00:01Z');

    expect(runsOf(schedule, ScheduleRunDecision.PublishFailed)).toEqual(['2026-01-01T00:00:01.000Z']);
    expect(store.get(schedule._id).counters.failed).toBe(1);
  });

  it('records an outcome the launch already knows (work done inside the scheduler)', async () => {
    const schedule = addSchedule({ cron: '* * * * * *' });
    jest.spyOn(launcher, 'prepare').mockResolvedValue({
      jobIds: [],
      start: () => Promise.resolve({ status: JobStatus.Completed, durationMs: 12, summary: 'swept' }),
    });

    await runUntil('2026-01-01T00:00:01Z');

    expect(store.runs[0]).toMatchObject({ decision: ScheduleRunDecision.Fired, status: JobStatus.Completed, durationMs: 12, summary: 'swept' });
    expect(store.get(schedule._id).lastRun?.status).toBe(JobStatus.Completed);
  });

  describe('a replica stopped between claiming occurrences and recording them', () => {
    it('leaves a claim that another tick records once, after the claim lapses', async () => {
      const schedule = addSchedule({ cron: '* * * * * *', overlapPolicy: OverlapPolicy.Allow });
      // The claimer's store connection dies right after it advanced nextRunAt: the insert never happens.
      jest.spyOn(store, 'insertRun').mockRejectedValueOnce(new Error('connection lost'));

      await runUntil('2026-01-01T00:00:01Z');
      expect(launcher.fired()).toEqual([]);
      expect(store.get(schedule._id).claimedOccurrences.map((at) => at.toISOString())).toEqual(['2026-01-01T00:00:01.000Z']);

      await runUntil('2026-01-01T00:00:40Z');

      const fired = launcher.fired();
      expect(fired.filter((at) => at === '2026-01-01T00:00:01.000Z')).toHaveLength(1);
      expect(fired).toHaveLength(40);
      expect(new Set(fired).size).toBe(40);
      expect(store.get(schedule._id).claimExpiresAt).toBeNull();
    });

    it('does not fire again what the stopped replica had already recorded', async () => {
      const schedule = addSchedule({ cron: '* * * * * *', overlapPolicy: OverlapPolicy.Allow });
      jest.spyOn(store, 'releaseClaim').mockRejectedValueOnce(new Error('killed before releasing'));

      await runUntil('2026-01-01T00:00:40Z');

      expect(launcher.fired()).toHaveLength(40);
      expect(new Set(launcher.fired()).size).toBe(40);
      expect(runsOf(schedule, ScheduleRunDecision.Fired)).toHaveLength(40);
    });

    it('records an hourly occurrence once the claim lapses, with no later claim to take it along', async () => {
      const schedule = addSchedule({ cron: '0 * * * *', overlapPolicy: OverlapPolicy.Allow });
      jest.spyOn(store, 'insertRun').mockRejectedValueOnce(new Error('connection lost'));

      await runUntil('2026-01-01T01:00:10Z');
      expect(launcher.fired()).toEqual([]);

      await runUntil('2026-01-01T01:00:45Z');

      expect(launcher.fired()).toEqual(['2026-01-01T01:00:00.000Z']);
      expect(runsOf(schedule, ScheduleRunDecision.Fired)).toEqual(['2026-01-01T01:00:00.000Z']);
      expect(store.get(schedule._id).claimedOccurrences).toEqual([]);
    });
  });

  describe('the loop', () => {
    const TICK_MS = 1_000;
    const IDLE_MS = 10_000;
    let loopStore: InMemoryScheduleStore;
    let loopLauncher: RecordingLauncher;
    let loop: ScheduleTicker;
    let ticks: number;

    beforeEach(() => {
      jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00.500Z') });
      loopStore = new InMemoryScheduleStore();
      loopLauncher = new RecordingLauncher(loopStore);
      const realClock = new Clock();
      const env = Object.assign(new SchedulerEnv(), { SCHEDULER_TICK_MS: TICK_MS, SCHEDULER_IDLE_TICK_MS: IDLE_MS });
      loop = new ScheduleTicker(loopStore, new ScheduleFirer(loopStore, loopLauncher, realClock, env), realClock, env);
      ticks = 0;
      const findDue = loopStore.findDue.bind(loopStore);
      jest.spyOn(loopStore, 'findDue').mockImplementation((now, limit) => {
        ticks += 1;
        return findDue(now, limit);
      });
    });

    afterEach(async () => {
      await loop.stop();
      jest.useRealTimers();
    });

    const addLoopSchedule = (cron: string): ScheduleRecord =>
      loopStore.add({ type: JobType.DerivativeCleanup, cron, nextRunAt: nextOccurrence(cron, 'UTC', new Date()) });

    it('sleeps until the next planned run instead of ticking every interval, and fires it on its second', async () => {
      addLoopSchedule('25 * * * * *');
      loop.onApplicationBootstrap();

      await jest.advanceTimersByTimeAsync(24_000);
      expect(loopLauncher.fired()).toEqual([]);
      expect(ticks).toBe(3); // at start, after 10 s and 20 s idle

      await jest.advanceTimersByTimeAsync(1_000);
      expect(loopLauncher.fired()).toEqual(['2026-01-01T00:00:25.000Z']);
      expect(ticks).toBe(4);
    });

    it('with nothing planned, ticks once per idle period', async () => {
      loop.onApplicationBootstrap();

      await jest.advanceTimersByTimeAsync(60_000);

      expect(ticks).toBe(7);
    });

    it('ticks every interval while there is work, such as a buffered occurrence waiting for its run to end', async () => {
      const schedule = addLoopSchedule('0 0 * * *');
      loopStore.get(schedule._id).bufferedOccurrenceAt = new Date('2026-01-01T00:00:00Z');
      loopStore.activeJobIds.add('a run that has not ended');
      jest.spyOn(loopStore, 'previousRunActive').mockResolvedValue(true);
      loop.onApplicationBootstrap();

      await jest.advanceTimersByTimeAsync(5_000);

      expect(ticks).toBe(6);
    });

    it('ticks again at once when woken during a tick, since that tick may have read the store before the change', async () => {
      loop.onApplicationBootstrap(); // the first tick is in flight until its reads resolve
      loop.wake();
      await jest.advanceTimersByTimeAsync(0);
      await jest.advanceTimersByTimeAsync(0);
      expect(ticks).toBe(2);

      loop.wake(); // while sleeping: the sleep ends now
      await jest.advanceTimersByTimeAsync(0);
      expect(ticks).toBe(3);
    });
  });
});
