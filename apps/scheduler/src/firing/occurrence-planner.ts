import { MisfirePolicy } from '@mediaflow/contracts';
import { nextOccurrence, occurrencesBetween } from '@mediaflow/cron';

/** Missed occurrences counted one by one; beyond this the count is reported as "more than". */
export const MISSED_COUNT_LIMIT = 2_000;

export interface PlannableSchedule {
  cron: string;
  timezone: string;
  nextRunAt: Date | null;
  misfirePolicy: MisfirePolicy;
  misfireFireAllCap: number;
}

export interface SkippedOccurrences {
  count: number;
  /** True when there were more than `count` (MISSED_COUNT_LIMIT reached). */
  atLeast: boolean;
  first: Date;
  last: Date;
}

export interface OccurrencePlan {
  /** Occurrences to fire now, oldest first. */
  fire: Date[];
  /** Missed occurrences the misfire policy drops (recorded as one skipped_misfire run). */
  skipped: SkippedOccurrences | null;
  /** Where the schedule resumes: the first occurrence after now. */
  nextRunAt: Date | null;
}

/**
 * Decides what a due schedule does at `now`. Occurrences from nextRunAt up to now that are at most
 * `misfireThresholdMs` late are on time and all fire; older ones were missed (no scheduler ran) and
 * the misfire policy decides: skip drops them, fire_once fires the latest of them (unless an on-time
 * occurrence fires anyway), fire_all fires the latest `misfireFireAllCap` of them.
 */
export function planOccurrences(schedule: PlannableSchedule, now: Date, misfireThresholdMs: number): OccurrencePlan {
  const nextRunAt = nextOccurrence(schedule.cron, schedule.timezone, now);
  if (schedule.nextRunAt === null || schedule.nextRunAt.getTime() > now.getTime()) {
    return { fire: [], skipped: null, nextRunAt };
  }
  const { missed, onTime } = dueOccurrences(schedule, schedule.nextRunAt, now, now.getTime() - misfireThresholdMs);
  if (missed.count === 0) return { fire: onTime, skipped: null, nextRunAt };

  const replay = replayCount(schedule, onTime.length);
  const replayed = missed.latest.slice(Math.max(0, missed.latest.length - replay));
  const skippedCount = missed.count - replayed.length;
  const lastSkipped = missed.latest[missed.latest.length - replayed.length - 1];
  const skipped =
    skippedCount > 0 && lastSkipped ? { count: skippedCount, atLeast: missed.atLeast, first: missed.first, last: lastSkipped } : null;
  return { fire: [...replayed, ...onTime], skipped, nextRunAt };
}

/**
 * Occurrences from `first` (the stored nextRunAt, itself an occurrence) up to `now`, split at `lateBefore`.
 * They are walked forward from `first` with one iterator, so each is seen once, in order (an occurrence
 * moved by a DST gap, 02:30 firing at 03:00 on the spring-forward night, included).
 */
function dueOccurrences(schedule: PlannableSchedule, first: Date, now: Date, lateBefore: number): { missed: Missed; onTime: Date[] } {
  const keep = Math.max(1, schedule.misfireFireAllCap) + 1;
  const walked = [first, ...occurrencesBetween(schedule.cron, schedule.timezone, first, now, MISSED_COUNT_LIMIT + keep)];
  const late = walked.filter((occurrence) => occurrence.getTime() < lateBefore);
  const onTime = walked.filter((occurrence) => occurrence.getTime() >= lateBefore);
  const last = walked[walked.length - 1] ?? first;
  if (walked.length <= MISSED_COUNT_LIMIT + keep || last.getTime() >= lateBefore) {
    const missed = { count: late.length, atLeast: false, first, latest: late.slice(-keep) };
    return { missed, onTime };
  }
  // Too many to walk (a frequent schedule after a long outage): count "more than", jump to the end.
  const missedUntil = new Date(lateBefore - 1);
  const missed = { count: MISSED_COUNT_LIMIT, atLeast: true, first, latest: latestBefore(schedule, walked, missedUntil, keep) };
  return { missed, onTime: occurrencesBetween(schedule.cron, schedule.timezone, missedUntil, now, Number.MAX_SAFE_INTEGER) };
}

function replayCount(schedule: PlannableSchedule, onTimeCount: number): number {
  switch (schedule.misfirePolicy) {
    case MisfirePolicy.Skip:
      return 0;
    case MisfirePolicy.FireOnce:
      return onTimeCount > 0 ? 0 : 1;
    case MisfirePolicy.FireAll:
      return Math.max(1, schedule.misfireFireAllCap);
  }
}

interface Missed {
  count: number;
  atLeast: boolean;
  first: Date;
  /** The latest missed occurrences (up to the fire-all cap + 1), oldest first. */
  latest: Date[];
}

/**
 * The last `keep` occurrences up to `until` when there are too many to walk from the start.
 * cron-parser's prev() disagrees with next() around DST changes, so this walks forward from a start
 * point that it moves back (doubling the distance) until the window holds enough occurrences.
 */
function latestBefore(schedule: PlannableSchedule, sample: Date[], until: Date, keep: number): Date[] {
  const first = sample[0]?.getTime() ?? until.getTime();
  const last = sample[sample.length - 1]?.getTime() ?? until.getTime();
  const period = Math.max(1_000, (last - first) / Math.max(1, sample.length - 1));
  for (let span = period * keep * 2; ; span *= 2) {
    const start = new Date(Math.max(first - 1, until.getTime() - span));
    const window = tailOf(schedule, start, until, keep);
    if (window.length >= keep || start.getTime() < first) return window;
  }
}

/** The last `keep` occurrences in (start, until], walking forward in bounded chunks. */
function tailOf(schedule: PlannableSchedule, start: Date, until: Date, keep: number): Date[] {
  const chunk = keep + MISSED_COUNT_LIMIT;
  let tail: Date[] = [];
  for (let cursor = start; ; ) {
    const found = occurrencesBetween(schedule.cron, schedule.timezone, cursor, until, chunk);
    tail = [...tail, ...found].slice(-keep);
    const lastFound = found[found.length - 1];
    if (found.length < chunk || !lastFound) return tail;
    cursor = lastFound;
  }
}
