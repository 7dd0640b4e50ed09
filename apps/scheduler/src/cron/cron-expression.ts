import { CronExpressionParser, type CronExpression } from 'cron-parser';

/** A cron expression or time zone the scheduler cannot use; the message says why, in the parser's words. */
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
 * Parses a 5-field (minute first) or 6-field (second first) expression read in `timezone`.
 * cron-parser accepts fewer fields silently, so the count is checked here.
 */
export function parseCron(expression: string, timezone: string, after: Date): CronExpression {
  const fields = expression.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5 && fields.length !== 6) {
    throw new InvalidScheduleError(`cron expression "${expression}" has ${fields.length} fields; expected 5 (minute hour day month weekday) or 6 (second first)`);
  }
  if (!isValidTimeZone(timezone)) throw new InvalidScheduleError(`timezone "${timezone}" is not an IANA time zone (e.g. Europe/Berlin, UTC)`);
  try {
    return CronExpressionParser.parse(fields.join(' '), { tz: timezone, currentDate: after });
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
  const iterator = parseCron(expression, timezone, after);
  if (!iterator.hasNext()) return null;
  return iterator.next().toDate();
}

/** Occurrences strictly after `after` and at most `until`, in order, stopping after `limit`. */
export function occurrencesBetween(expression: string, timezone: string, after: Date, until: Date, limit: number): Date[] {
  const iterator = parseCron(expression, timezone, after);
  const found: Date[] = [];
  while (found.length < limit) {
    const next = iterator.next().toDate();
    if (next.getTime() > until.getTime()) break;
    found.push(next);
  }
  return found;
}

/** The next `count` occurrences after `after` (the preview the API shows). */
export function upcomingOccurrences(expression: string, timezone: string, after: Date, count: number): Date[] {
  const iterator = parseCron(expression, timezone, after);
  const found: Date[] = [];
  while (found.length < count) found.push(iterator.next().toDate());
  return found;
}
