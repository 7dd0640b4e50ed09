import { BadRequestException } from '@nestjs/common';
import { CronExpressionParser } from 'cron-parser';

// The scheduler app has the same rules (apps/scheduler/src/cron); apps cannot import each other, and
// this is small enough to keep twice until it earns a lib.

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Next `count` fire times after `after`; a 400 with the parser's reason when the expression or zone is bad. */
export function cronOccurrences(expression: string, timezone: string, after: Date, count: number): Date[] {
  const fields = expression.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5 && fields.length !== 6) {
    throw new BadRequestException(
      `cron "${expression}" has ${fields.length} fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (second first)`,
    );
  }
  if (!isTimeZone(timezone)) throw new BadRequestException(`timezone "${timezone}" is not an IANA time zone (e.g. Europe/Berlin, UTC)`);
  try {
    const iterator = CronExpressionParser.parse(fields.join(' '), { tz: timezone, currentDate: after });
    const found: Date[] = [];
    while (found.length < count) found.push(iterator.next().toDate());
    return found;
  } catch (error) {
    throw new BadRequestException(`invalid cron "${expression}": ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The first fire time after `after`; throws 400 like cronOccurrences. */
export function nextCronOccurrence(expression: string, timezone: string, after: Date): Date | null {
  return cronOccurrences(expression, timezone, after, 1)[0] ?? null;
}
