import { describeError } from '@mediaflow/messaging';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerEnv } from '../config/scheduler.env';
import { Clock } from '../time/clock';
import { ScheduleFirer } from './schedule-firer';
import { ScheduleStore, type ScheduleRecord } from './schedule.store';

/**
 * The clock-driven loop: a tick re-reads the store (the source of truth) and fires what is due. One loop
 * per process, no per-schedule timers; N replicas may tick at once because firing is exactly-once by the
 * run insert. A tick's errors are logged, never thrown out of the timer.
 *
 * Ticks land on SCHEDULER_TICK_MS boundaries while there is work (a due schedule, a run-now request, a
 * buffered occurrence, a lapsed claim). With none, the loop sleeps until the next planned run, for at most
 * SCHEDULER_IDLE_TICK_MS: an idle tick costs five store reads, and an idle scheduler used to pay them every
 * second. What can make work sooner wakes it: schedule.changed (an edit, a run-now) and the end of a
 * scheduled run (a buffered occurrence). The idle bound is the safety net for a wake lost with the broker,
 * and what a lapsed claim of a stopped replica waits for beyond its expiry.
 */
@Injectable()
export class ScheduleTicker implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(ScheduleTicker.name);
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  /** A wake that came while a tick ran: that tick may have read the store before the change. */
  private wokenDuringTick = false;

  constructor(
    private readonly store: ScheduleStore,
    private readonly firer: ScheduleFirer,
    private readonly clock: Clock,
    private readonly env: SchedulerEnv,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.env.SCHEDULER_ENABLED || this.running) return;
    this.running = true;
    // The first tick runs at once: occurrences missed while no scheduler ran meet the misfire policy.
    this.runTick();
  }

  /** Stops before the broker publisher and the store connection close (they go in onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Runs the next tick now instead of when it was due (schedule.changed, a scheduled run's end). */
  wake(): void {
    if (!this.running) return;
    if (this.inFlight) {
      this.wokenDuringTick = true;
      return;
    }
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = null;
    this.runTick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  /**
   * One pass over the store. Resolves to when the loop next has work: `now` when this tick found any (it
   * may have more, or wait on a run to end), else the next planned run (null: none). Public so tests drive
   * it with their own clock.
   */
  async tick(): Promise<Date | null> {
    const now = this.clock.now();
    const limit = this.env.SCHEDULER_BATCH_SIZE;
    const { due, nextRunAt } = await this.store.findDue(now, limit);
    for (const schedule of due) {
      await this.guarded(schedule, () => this.firer.fireDue(schedule, now));
    }
    const buffered = await this.store.findBuffered(limit);
    for (const schedule of buffered) {
      await this.guarded(schedule, () => this.firer.releaseBuffered(schedule));
    }
    const requested = await this.store.findRunNowRequested(limit);
    for (const schedule of requested) {
      await this.guarded(schedule, () => this.firer.runNow(schedule));
    }
    const abandoned = await this.store.findAbandonedClaims(now, limit);
    for (const schedule of abandoned) {
      await this.guarded(schedule, () => this.firer.resumeAbandonedClaim(schedule));
    }
    return due.length + buffered.length + requested.length + abandoned.length > 0 ? now : nextRunAt;
  }

  private runTick(): void {
    this.wokenDuringTick = false;
    this.inFlight = this.tickLogged().then((nextWork) => {
      this.inFlight = null;
      if (this.running) this.timer = setTimeout(() => this.runTick(), this.wokenDuringTick ? 0 : this.delayUntil(nextWork));
    });
  }

  /** The tick's next work; a failed tick is retried at the next interval, like a busy one. */
  private async tickLogged(): Promise<Date | null> {
    try {
      return await this.tick();
    } catch (error) {
      this.logger.error(`scheduler tick failed: ${describeError(error)}`);
      return new Date(0);
    }
  }

  /** One schedule's failure (a bad expression stored by hand, a store hiccup) must not stop the others. */
  private async guarded(schedule: ScheduleRecord, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.error(`schedule "${schedule.name}" (${schedule._id.toString()}): ${describeError(error)}`);
    }
  }

  /**
   * Ticks land just after interval boundaries, so a per-second schedule fires close to its second; an
   * idle loop wakes just after the next planned run, or after SCHEDULER_IDLE_TICK_MS.
   */
  private delayUntil(nextWork: Date | null): number {
    const interval = this.env.SCHEDULER_TICK_MS;
    const toBoundary = interval - (Date.now() % interval) + 5;
    const idle = Math.max(interval, this.env.SCHEDULER_IDLE_TICK_MS);
    const untilWork = nextWork === null ? idle : nextWork.getTime() - Date.now() + 5;
    return Math.min(Math.max(toBoundary, untilWork), idle);
  }
}
