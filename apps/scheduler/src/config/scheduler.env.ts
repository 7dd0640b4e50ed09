import { ServiceEnv, toBoolean, validateEnv } from '@mediaflow/config';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Max, Min, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';

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

/** Environment of the scheduler service (see README, Configuration). */
export class SchedulerEnv extends ServiceEnv {
  /** Port of the HTTP server: /health and /metrics (and, on the gateway, the API). */
  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT: number = 3001;

  /** How often the loop looks for due occurrences. */
  @IsInt()
  @Min(50)
  @Max(60_000)
  SCHEDULER_TICK_MS: number = 1_000;

  /** An occurrence later than this when its tick runs was missed (no scheduler ran): the misfire policy decides. */
  @IsInt()
  @Min(1_000)
  SCHEDULER_MISFIRE_THRESHOLD_MS: number = 60_000;

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
  SCHEDULER_DEFAULT_SCAN_CRON: string = '0 3 * * *';

  /** stale-job-recovery fails pending/running jobs with no progress for this long. */
  @IsInt()
  @Min(1)
  SCHEDULER_STALE_JOB_MINUTES: number = 60;

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
