import { BadRequestException } from '@nestjs/common';
import { InvalidScheduleError, upcomingOccurrences } from '@mediaflow/cron';

/** Next `count` fire times after `after` (the scheduler's own rules); a 400 with the reason when the expression or zone is bad. */
export function cronOccurrences(expression: string, timezone: string, after: Date, count: number): Date[] {
  try {
    return upcomingOccurrences(expression, timezone, after, count);
  } catch (error) {
    if (error instanceof InvalidScheduleError) throw new BadRequestException(error.message);
    throw error;
  }
}

/** The first fire time after `after`; throws 400 like cronOccurrences. */
export function nextCronOccurrence(expression: string, timezone: string, after: Date): Date | null {
  return cronOccurrences(expression, timezone, after, 1)[0] ?? null;
}
