import { CronExpressionParser, type CronExpression } from 'cron-parser';
import { ZoneClock } from './zone-clock';

/** A cron expression or time zone that cannot be used; the message says why, in the parser's words. */
export class InvalidScheduleError extends Error {
  override readonly name = 'InvalidScheduleError';
}

/** True when `zone` is an IANA time zone name this runtime knows (e.g. Europe/Berlin, UTC). */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The occurrences of a 5-field (minute first) or 6-field (second first) expression in `timezone`,
 * strictly after `after`, in order. The fields are matched against the wall clock (cron-parser in UTC
 * over wall times), and each wall time becomes instants here, because cron-parser's own time zone mode
 * gets clock changes wrong: it moves a time in a gap by the gap's length, fires twice in some repeated
 * hours, and loops until its limit in some zones (the all-zones test shows each). The rules, as cronie
 * keeps them: a fixed-time expression (no `*` in its second, minute or hour field) whose time falls in
 * a gap fires once, at the first valid instant after the gap; in a repeated interval, once, the first
 * time. An expression with `*` there (every 30 minutes, hourly) keeps real time: nothing in a gap, both
 * passes of a repeated interval.
 */
export function* cronOccurrences(expression: string, timezone: string, after: Date): Generator<Date> {
  const fields = cronFields(expression);
  if (!isValidTimeZone(timezone)) throw new InvalidScheduleError(`timezone "${timezone}" is not an IANA time zone (e.g. Europe/Berlin, UTC)`);
  const clock = ZoneClock.of(timezone);
  const fixedTime = fields.slice(0, -3).every((field) => !field.startsWith('*'));
  // Wall times before `after` under the smallest offset near it can only be instants before `after`.
  const walls = parseWallClock(expression, fields, new Date(after.getTime() + clock.smallestOffsetNear(after.getTime())));
  const pending = new Set<number>();
  while (walls.hasNext()) {
    const wall = walls.next().getTime();
    for (const instant of instantsFor(clock, wall, fixedTime)) if (instant > after.getTime()) pending.add(instant);
    // No later wall time maps before this horizon, so what is pending before it is final and in order.
    const horizon = wall - clock.largestOffsetNear(wall);
    for (const instant of [...pending].sort((a, b) => a - b)) {
      if (instant >= horizon) break;
      pending.delete(instant);
      yield new Date(instant);
    }
  }
  for (const instant of [...pending].sort((a, b) => a - b)) yield new Date(instant);
}

function instantsFor(clock: ZoneClock, wall: number, fixedTime: boolean): number[] {
  const instants = clock.instantsOf(wall);
  if (instants.length === 0) return fixedTime ? [clock.endOfGapAround(wall)] : [];
  return fixedTime ? instants.slice(0, 1) : instants;
}

/** The expression's fields, 6 of them (a 5-field expression gets second 0); cron-parser accepts fewer silently. */
function cronFields(expression: string): string[] {
  const fields = expression.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5 && fields.length !== 6) {
    throw new InvalidScheduleError(`cron expression "${expression}" has ${fields.length} fields; expected 5 (minute hour day month weekday) or 6 (second first)`);
  }
  return fields.length === 5 ? ['0', ...fields] : fields;
}

function parseWallClock(expression: string, fields: string[], from: Date): CronExpression {
  try {
    return CronExpressionParser.parse(fields.join(' '), { tz: 'UTC', currentDate: from });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidScheduleError(`invalid cron expression "${expression}": ${reason}`);
  }
}

/** Throws InvalidScheduleError unless the expression parses and has at least one future occurrence. */
export function validateCron(expression: string, timezone: string, now: Date): void {
  if (nextOccurrence(expression, timezone, now) === null) {
    throw new InvalidScheduleError(`cron expression "${expression}" never fires`);
  }
}

/** The first occurrence strictly after `after`, or null if there is none. */
export function nextOccurrence(expression: string, timezone: string, after: Date): Date | null {
  const { value, done } = cronOccurrences(expression, timezone, after).next();
  return done ? null : value;
}

/** Occurrences strictly after `after` and at most `until`, in order, stopping after `limit`. */
export function occurrencesBetween(expression: string, timezone: string, after: Date, until: Date, limit: number): Date[] {
  const found: Date[] = [];
  for (const occurrence of cronOccurrences(expression, timezone, after)) {
    if (found.length >= limit || occurrence.getTime() > until.getTime()) break;
    found.push(occurrence);
  }
  return found;
}

/** The next `count` occurrences after `after` (the preview the API shows); fewer if the expression stops firing. */
export function upcomingOccurrences(expression: string, timezone: string, after: Date, count: number): Date[] {
  const found: Date[] = [];
  for (const occurrence of cronOccurrences(expression, timezone, after)) {
    found.push(occurrence);
    if (found.length >= count) break;
  }
  return found;
}
