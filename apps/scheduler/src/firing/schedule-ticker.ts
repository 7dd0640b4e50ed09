import { describeError } from '@mediaflow/messaging';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerEnv } from '../config/scheduler.env';
import { Clock } from '../time/clock';
import { ScheduleFirer } from './schedule-firer';
import { ScheduleStore, type ScheduleRecord } from './schedule.store';

/**
 * The clock-driven loop: every SCHEDULER_TICK_MS it re-reads the store (the source of truth) and fires
 * what is due. One loop per process, no per-schedule timers; N replicas may tick at once because
 * firing is exactly-once by the run insert. A tick's errors are logged, never thrown out of the timer.
 */
@Injectable()
export class ScheduleTicker implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(ScheduleTicker.name);
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;

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

  /** Runs the next tick now instead of at the next interval (schedule.changed). */
  wake(): void {
    if (!this.running || this.inFlight || !this.timer) return;
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

  /** One pass over the store. Public so tests drive it with their own clock. */
  async tick(): Promise<void> {
    const now = this.clock.now();
    const limit = this.env.SCHEDULER_BATCH_SIZE;
    for (const schedule of await this.store.findDue(now, limit)) {
      await this.guarded(schedule, () => this.firer.fireDue(schedule, now));
    }
    for (const schedule of await this.store.findBuffered(limit)) {
      await this.guarded(schedule, () => this.firer.releaseBuffered(schedule));
    }
    for (const schedule of await this.store.findRunNowRequested(limit)) {
      await this.guarded(schedule, () => this.firer.runNow(schedule));
    }
    for (const schedule of await this.store.findAbandonedClaims(now, limit)) {
      await this.guarded(schedule, () => this.firer.resumeAbandonedClaim(schedule));
    }
  }

  private runTick(): void {
    this.inFlight = this.tickLogged().then(() => {
      this.inFlight = null;
      if (this.running) this.timer = setTimeout(() => this.runTick(), this.delayToNextTick());
    });
  }

  private async tickLogged(): Promise<void> {
    try {
      await this.tick();
    } catch (error) {
      this.logger.error(`scheduler tick failed: ${describeError(error)}`);
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

  /** Ticks land just after interval boundaries, so a per-second schedule fires close to its second. */
  private delayToNextTick(): number {
    const interval = this.env.SCHEDULER_TICK_MS;
    return interval - (Date.now() % interval) + 5;
  }
}
