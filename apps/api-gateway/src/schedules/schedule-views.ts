import { pendingRunNow, plannedNextRun, type ScheduledJob, type ScheduledJobRun, type ScheduleFiring } from '@mediaflow/persistence';
import type { Types } from 'mongoose';
import { nextCronOccurrence } from './schedule-cron';
import type { LastRunView, ScheduleRunView, ScheduleView } from './schedule.dto';

export type ScheduleRow = ScheduledJob & { _id: Types.ObjectId };
export type ScheduleRunRow = ScheduledJobRun & { _id: Types.ObjectId };
/** A schedule's firing state (the scheduler's document); null before it was first planned or run. */
export type FiringRow = ScheduleFiring & { _id: Types.ObjectId };

const iso = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);

function lastRunView(run: ScheduleFiring['lastRun'] | undefined): LastRunView | null {
  if (!run) return null;
  return {
    occurrenceAt: run.occurrenceAt.toISOString(),
    firedAt: iso(run.firedAt),
    decision: run.decision,
    jobId: run.jobId?.toString() ?? null,
    status: run.status ?? null,
    durationMs: run.durationMs ?? null,
  };
}

/** The next occurrence as the scheduler will fire it; null for an expression stored by hand that no longer parses. */
export function nextRunOf(row: ScheduleRow, firing: FiringRow | null): Date | null {
  try {
    return plannedNextRun(row, firing, nextCronOccurrence);
  } catch {
    return null;
  }
}

export function scheduleView(row: ScheduleRow, firing: FiringRow | null): ScheduleView {
  const counters = firing?.counters;
  return {
    id: row._id.toString(),
    name: row.name,
    type: row.type,
    params: row.params ?? {},
    cron: row.cron,
    timezone: row.timezone,
    enabled: row.enabled,
    paused: row.paused,
    misfirePolicy: row.misfirePolicy,
    misfireFireAllCap: row.misfireFireAllCap,
    overlapPolicy: row.overlapPolicy,
    nextRunAt: iso(nextRunOf(row, firing)),
    bufferedOccurrenceAt: iso(firing?.bufferedOccurrenceAt),
    runNowRequestedAt: iso(pendingRunNow(row, firing)),
    lastRun: lastRunView(firing?.lastRun),
    counters: { fired: counters?.fired ?? 0, skipped: counters?.skipped ?? 0, failed: counters?.failed ?? 0 },
    libraryId: row.libraryId?.toString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function scheduleRunView(row: ScheduleRunRow): ScheduleRunView {
  return {
    id: row._id.toString(),
    scheduleId: row.scheduleId.toString(),
    occurrenceAt: row.occurrenceAt.toISOString(),
    firedAt: iso(row.firedAt),
    decision: row.decision,
    trigger: row.trigger,
    jobId: row.jobId?.toString() ?? null,
    jobIds: (row.jobIds ?? []).map((id) => id.toString()),
    status: row.status ?? null,
    durationMs: row.durationMs ?? null,
    reason: row.reason ?? null,
    summary: row.summary ?? null,
  };
}

/** A page from rows fetched with limit + 1 (the extra row only says there is a next page). */
export function toCursorPage<R extends { _id: Types.ObjectId }, T>(rows: R[], limit: number, map: (row: R) => T): { items: T[]; nextCursor: string | null } {
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { items: page.map(map), nextCursor: hasMore && last ? last._id.toString() : null };
}
