import type { ScheduleFiring } from '../schemas/schedule-firing.schema';
import type { ScheduledJob } from '../schemas/scheduled-job.schema';

/** The first occurrence of `cron` (read in `timezone`) after `after`; null when there is none. */
export type NextOccurrence = (cron: string, timezone: string, after: Date) => Date | null;

type TimingFields = Pick<ScheduledJob, 'cron' | 'timezone' | 'enabled' | 'paused' | 'timingChangedAt' | 'createdAt'>;

/** The change to the definition's timing that plans must follow (schedules stored before the field: their creation). */
export function timingChangeOf(definition: Pick<ScheduledJob, 'timingChangedAt' | 'createdAt'>): Date {
  return definition.timingChangedAt ?? definition.createdAt;
}

/**
 * The occurrence a schedule fires next: null while disabled or paused; the firing state's nextRunAt when
 * it was planned under the definition's current timing; otherwise the first occurrence after that
 * timing last changed (what the scheduler will plan at its next tick). The gateway shows this and the
 * scheduler fires by it, so both agree without the gateway writing the scheduler's document.
 */
export function plannedNextRun(definition: TimingFields, firing: Pick<ScheduleFiring, 'plannedFrom' | 'nextRunAt'> | null, nextOccurrence: NextOccurrence): Date | null {
  if (!definition.enabled || definition.paused) return null;
  // Planned under the definition's current cron, zone and state.
  if (firing?.plannedFrom?.getTime() === timingChangeOf(definition).getTime()) return firing.nextRunAt;
  return nextOccurrence(definition.cron, definition.timezone, timingChangeOf(definition));
}

/** The definition's run-now request while the scheduler has not fired it yet (its firing state notes it as handled); else null. */
export function pendingRunNow(definition: Pick<ScheduledJob, 'runNowRequestedAt'>, firing: Pick<ScheduleFiring, 'runNowHandledAt'> | null): Date | null {
  const requested = definition.runNowRequestedAt;
  return requested && requested.getTime() !== firing?.runNowHandledAt?.getTime() ? requested : null;
}
