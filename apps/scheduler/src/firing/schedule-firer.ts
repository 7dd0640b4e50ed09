import { JobStatus, OverlapPolicy } from '@mediaflow/contracts';
import { describeError } from '@mediaflow/messaging';
import { ScheduleRunDecision, ScheduleRunTrigger } from '@mediaflow/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { SchedulerEnv } from '../config/scheduler.env';
import { JobLauncher } from '../jobs/job-launcher';
import { Clock } from '../time/clock';
import { planOccurrences, type SkippedOccurrences } from './occurrence-planner';
import { ScheduleStore, type CounterName, type ScheduleRecord } from './schedule.store';

interface FireOptions {
  trigger: ScheduleRunTrigger;
  /** Skip the overlap check: run-now with force, or a buffered occurrence being released. */
  ignoreOverlap: boolean;
  reason?: string;
}

/**
 * Fires schedules: claims due occurrences, applies the misfire and overlap policies, records one run
 * per occurrence and starts the work. Only the replica whose run insert succeeds starts anything.
 */
@Injectable()
export class ScheduleFirer {
  private readonly logger = new Logger(ScheduleFirer.name);

  constructor(
    private readonly store: ScheduleStore,
    private readonly launcher: JobLauncher,
    private readonly clock: Clock,
    private readonly env: SchedulerEnv,
  ) {}

  async fireDue(schedule: ScheduleRecord, now: Date): Promise<void> {
    const plan = planOccurrences(schedule, now, this.env.SCHEDULER_MISFIRE_THRESHOLD_MS);
    const expiresAt = this.claimExpiry();
    // Occurrences still noted from an earlier claim are taken along: its claimer released nothing, so it
    // stopped midway (or is finishing; the unique run insert lets only one of us record each occurrence).
    const occurrences = withoutDuplicates([...schedule.claimedOccurrences, ...plan.fire]);
    const claim = { next: plan.nextRunAt, occurrences, expiresAt };
    if (!(await this.store.claimNextRun(schedule, claim))) return;
    if (plan.skipped) await this.recordMisfire(schedule, plan.skipped);
    await this.fireClaimed(schedule, occurrences, expiresAt);
  }

  /**
   * Records the occurrences a replica claimed and then stopped before recording (killed, store lost).
   * Those it did record are refused by the unique run insert, so none fires twice.
   */
  async resumeAbandonedClaim(schedule: ScheduleRecord): Promise<void> {
    const lapsed = schedule.claimExpiresAt;
    if (!lapsed) return;
    const expiresAt = this.claimExpiry();
    if (!(await this.store.takeOverClaim(schedule._id, lapsed, expiresAt))) return;
    this.logger.warn(`schedule "${schedule.name}": recording ${schedule.claimedOccurrences.length} occurrence(s) a stopped replica had claimed`);
    await this.fireClaimed(schedule, schedule.claimedOccurrences, expiresAt);
  }

  private async fireClaimed(schedule: ScheduleRecord, occurrences: Date[], expiresAt: Date): Promise<void> {
    for (const occurrenceAt of occurrences) {
      await this.fire(schedule, occurrenceAt, { trigger: ScheduleRunTrigger.Cron, ignoreOverlap: false });
    }
    await this.store.releaseClaim(schedule._id, expiresAt);
  }

  private claimExpiry(): Date {
    return new Date(this.clock.now().getTime() + this.env.SCHEDULER_CLAIM_TIMEOUT_MS);
  }

  /** Fires the occurrence buffer_one held back, once the run it overlapped has ended. */
  async releaseBuffered(schedule: ScheduleRecord): Promise<void> {
    const occurrenceAt = schedule.bufferedOccurrenceAt;
    if (!occurrenceAt || (await this.store.previousRunActive(schedule._id))) return;
    const reason = 'held back by overlap policy buffer_one until the previous run ended';
    await this.fire(schedule, occurrenceAt, { trigger: ScheduleRunTrigger.Cron, ignoreOverlap: true, reason });
    await this.store.clearBuffered(schedule._id, occurrenceAt);
  }

  async runNow(schedule: ScheduleRecord): Promise<void> {
    const requestedAt = schedule.runNowRequestedAt;
    if (!requestedAt) return;
    await this.fire(schedule, requestedAt, { trigger: ScheduleRunTrigger.Manual, ignoreOverlap: schedule.runNowForce });
    await this.store.clearRunNow(schedule._id, requestedAt);
  }

  private async fire(schedule: ScheduleRecord, occurrenceAt: Date, options: FireOptions): Promise<void> {
    const overlapping =
      !options.ignoreOverlap && schedule.overlapPolicy !== OverlapPolicy.Allow && (await this.store.previousRunActive(schedule._id));
    if (overlapping) return this.handleOverlap(schedule, occurrenceAt, options.trigger);

    const launch = await this.launcher.prepare(schedule, occurrenceAt);
    const firedAt = this.clock.now();
    const run = {
      scheduleId: schedule._id,
      occurrenceAt,
      firedAt,
      decision: ScheduleRunDecision.Fired,
      trigger: options.trigger,
      jobIds: launch.jobIds,
      reason: options.reason ?? null,
    };
    if (!(await this.store.insertRun(run))) return;
    const jobId = launch.jobIds[0] ?? null;
    try {
      const outcome = await launch.start();
      if (outcome) {
        await this.store.updateRun(schedule._id, occurrenceAt, { status: outcome.status, durationMs: outcome.durationMs, summary: outcome.summary });
      }
      const counter: CounterName = outcome?.status === JobStatus.Failed ? 'failed' : 'fired';
      const lastRun = { occurrenceAt, firedAt, decision: run.decision, jobId, status: outcome?.status ?? null, durationMs: outcome?.durationMs ?? null };
      await this.store.recordRun(schedule._id, lastRun, counter);
    } catch (error) {
      const reason = `command not published: ${describeError(error)}`;
      this.logger.error(`schedule "${schedule.name}" occurrence ${occurrenceAt.toISOString()}: ${reason}`);
      await this.store.updateRun(schedule._id, occurrenceAt, { decision: ScheduleRunDecision.PublishFailed, reason });
      const lastRun = { occurrenceAt, firedAt, decision: ScheduleRunDecision.PublishFailed, jobId: null, status: null, durationMs: null };
      await this.store.recordRun(schedule._id, lastRun, 'failed');
    }
  }

  private async handleOverlap(schedule: ScheduleRecord, occurrenceAt: Date, trigger: ScheduleRunTrigger): Promise<void> {
    if (schedule.overlapPolicy === OverlapPolicy.BufferOne && (await this.store.bufferOccurrence(schedule._id, occurrenceAt))) {
      this.logger.log(`schedule "${schedule.name}": occurrence ${occurrenceAt.toISOString()} buffered until the previous run ends`);
      return;
    }
    const reason =
      schedule.overlapPolicy === OverlapPolicy.BufferOne
        ? 'the previous run is still going and another occurrence is already buffered'
        : 'the previous run is still going (overlap policy skip)';
    await this.recordSkip(schedule, occurrenceAt, ScheduleRunDecision.SkippedOverlap, trigger, reason);
  }

  private async recordMisfire(schedule: ScheduleRecord, skipped: SkippedOccurrences): Promise<void> {
    const count = `${skipped.atLeast ? 'more than ' : ''}${skipped.count}`;
    const reason =
      `${count} occurrence(s) from ${skipped.first.toISOString()} to ${skipped.last.toISOString()} were missed ` +
      `while no scheduler ran; misfire policy ${schedule.misfirePolicy} dropped them`;
    await this.recordSkip(schedule, skipped.last, ScheduleRunDecision.SkippedMisfire, ScheduleRunTrigger.Cron, reason);
  }

  private async recordSkip(
    schedule: ScheduleRecord,
    occurrenceAt: Date,
    decision: ScheduleRunDecision,
    trigger: ScheduleRunTrigger,
    reason: string,
  ): Promise<void> {
    const inserted = await this.store.insertRun({ scheduleId: schedule._id, occurrenceAt, firedAt: null, decision, trigger, jobIds: [], reason });
    if (!inserted) return;
    this.logger.log(`schedule "${schedule.name}" occurrence ${occurrenceAt.toISOString()}: ${decision}: ${reason}`);
    await this.store.recordRun(schedule._id, { occurrenceAt, firedAt: null, decision, jobId: null, status: null, durationMs: null }, 'skipped');
  }
}

function withoutDuplicates(occurrences: Date[]): Date[] {
  const times = [...new Set(occurrences.map((at) => at.getTime()))].sort((a, b) => a - b);
  return times.map((time) => new Date(time));
}
