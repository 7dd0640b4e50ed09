import { ServiceEnv, toBoolean, validateEnv } from '@mediaflow/config';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Max, Min, Validate, ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';
import { InvalidScheduleError, validateCron } from '@mediaflow/cron';

@ValidatorConstraint({ name: 'ianaTimeZone' })
class IanaTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }

  defaultMessage(): string {
    return 'must be an IANA time zone, e.g. UTC or Europe/Berlin';
  }
}

/** The parser's reason why `value` is not a usable cron expression, or null when it is one. */
function cronProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  try {
    validateCron(value, 'UTC', new Date());
    return null;
  } catch (error) {
    if (error instanceof InvalidScheduleError) return error.message;
    throw error;
  }
}

@ValidatorConstraint({ name: 'cronExpression' })
class CronExpression implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return cronProblem(value) === null;
  }

  defaultMessage(args: ValidationArguments): string {
    return cronProblem(args.value) ?? 'must be a cron expression of 5 fields (minute first) or 6 (second first)';
  }
}

/** Environment of the scheduler service (see README, Configuration). */
export class SchedulerEnv extends ServiceEnv {
  /** Port of the HTTP server: /health and /metrics (and, on the gateway, the API). */
  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT: number = 3001;

  /** How often the loop ticks while it has work; ticks land just after its multiples, so occurrences fire on time. */
  @IsInt()
  @Min(50)
  @Max(60_000)
  SCHEDULER_TICK_MS: number = 1_000;

  /**
   * The longest an idle loop sleeps (nothing due before then, no run-now, nothing buffered): the bound on
   * acting on a change whose schedule.changed was lost, and on taking over a stopped replica's lapsed claim.
   */
  @IsInt()
  @Min(50)
  @Max(600_000)
  SCHEDULER_IDLE_TICK_MS: number = 10_000;

  /** An occurrence later than this when its tick runs was missed (no scheduler ran): the misfire policy decides. */
  @IsInt()
  @Min(1_000)
  SCHEDULER_MISFIRE_THRESHOLD_MS: number = 60_000;

  /**
   * How long a replica's claim on due occurrences lasts. A replica that dies after advancing nextRunAt but
   * before recording the occurrences leaves the claim; after this long another replica records them.
   */
  @IsInt()
  @Min(1_000)
  SCHEDULER_CLAIM_TIMEOUT_MS: number = 30_000;

  /** Most schedules of each kind (due, buffered, run-now) one tick handles. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  SCHEDULER_BATCH_SIZE: number = 200;

  /** Off: the service consumes its messages but fires nothing (useful to debug a replica). */
  @Transform(toBoolean)
  @IsBoolean()
  SCHEDULER_ENABLED: boolean = true;

  /** Time zone of the default daily scan every new library gets. */
  @IsString()
  @Validate(IanaTimeZone)
  SCHEDULER_DEFAULT_TIMEZONE: string = 'UTC';

  /** Cron (5 or 6 fields) of the default scan every new library gets. */
  @IsString()
  @Validate(CronExpression)
  SCHEDULER_DEFAULT_SCAN_CRON: string = '0 3 * * *';

  /**
   * stale-job-recovery fails pending/running jobs with no progress for this long, in milliseconds
   * (default one hour; a schedule's params.staleMinutes overrides it).
   */
  @IsInt()
  @Min(1_000)
  SCHEDULER_STALE_JOB_MS: number = 3_600_000;

  /** Cron (5 or 6 fields, in SCHEDULER_DEFAULT_TIMEZONE) of the system stale-job-recovery schedule. */
  @IsString()
  @Validate(CronExpression)
  SCHEDULER_STALE_JOB_CRON: string = '*/5 * * * *';

  /** Cron (5 or 6 fields, in SCHEDULER_DEFAULT_TIMEZONE) of the system retention schedule. */
  @IsString()
  @Validate(CronExpression)
  SCHEDULER_RETENTION_CRON: string = '30 4 * * *';

  /** retention deletes finished jobs (and their items) and schedule runs older than this. */
  @IsInt()
  @Min(1)
  SCHEDULER_RETENTION_DAYS: number = 30;

  /** Create the stale-job-recovery and retention schedules at start when they do not exist. */
  @Transform(toBoolean)
  @IsBoolean()
  SCHEDULER_SYSTEM_SCHEDULES: boolean = true;
}

export function loadSchedulerEnv(env: NodeJS.ProcessEnv = process.env): SchedulerEnv {
  return validateEnv(SchedulerEnv, env);
}
