import type { ScheduledJob, ScheduledJobRun } from '@mediaflow/persistence';
import type { Types } from 'mongoose';
import type { LastRunView, ScheduleRunView, ScheduleView } from './schedule.dto';

export type ScheduleRow = ScheduledJob & { _id: Types.ObjectId };
export type ScheduleRunRow = ScheduledJobRun & { _id: Types.ObjectId };

const iso = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);

function lastRunView(run: ScheduledJob['lastRun']): LastRunView | null {
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

export function scheduleView(row: ScheduleRow): ScheduleView {
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
    nextRunAt: iso(row.nextRunAt),
    bufferedOccurrenceAt: iso(row.bufferedOccurrenceAt),
    runNowRequestedAt: iso(row.runNowRequestedAt),
    lastRun: lastRunView(row.lastRun),
    counters: { fired: row.counters?.fired ?? 0, skipped: row.counters?.skipped ?? 0, failed: row.counters?.failed ?? 0 },
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
