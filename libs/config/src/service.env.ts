import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { resolve } from 'node:path';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const toNumberList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.split(',').map((part) => Number(part.trim())) : value;

/** Relative paths resolve against the working directory, so the app sees one absolute path. */
const toAbsolutePath = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.length > 0 ? resolve(value) : value;

const toBoolean = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;

/**
 * Settings every Mediaflow service reads. Each app's config extends this with its own; env var names
 * are the property names.
 */
export class ServiceEnv {
  @Matches(/^amqps?:\/\//, { message: 'AMQP_URL must be an amqp:// or amqps:// URL, e.g. amqp://guest:guest@127.0.0.1:5672' })
  AMQP_URL!: string;

  @Matches(/^mongodb(\+srv)?:\/\//, { message: 'MONGO_URL must be a mongodb:// URL, e.g. mongodb://127.0.0.1:27017' })
  MONGO_URL!: string;

  /** Database name; the one in MONGO_URL's path is ignored in favour of this. */
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,63}$/, { message: 'MONGO_DB must be 1-63 letters, digits, _ or -' })
  MONGO_DB: string = 'mediaflow';

  /** Store connections per process; see docs/architecture.md on FerretDB before raising it for job-tracker. */
  @IsInt()
  @Min(1)
  @Max(500)
  MONGO_MAX_POOL_SIZE: number = 10;

  @IsString()
  @Matches(/^[a-z0-9_.-]{1,100}$/, { message: 'AMQP_EXCHANGE must be 1-100 lowercase letters, digits, _ . or -' })
  AMQP_EXCHANGE: string = 'mediaflow';

  @IsInt()
  @Min(1)
  @Max(1000)
  AMQP_PREFETCH: number = 16;

  @IsInt()
  @Min(1)
  @Max(100)
  MESSAGE_MAX_ATTEMPTS: number = 5;

  /** Comma-separated delays in ms before each retry; the last one repeats. */
  @Transform(toNumberList)
  @IsInt({ each: true })
  @Min(0, { each: true })
  MESSAGE_RETRY_DELAYS_MS: number[] = [1_000, 5_000, 30_000, 120_000];

  @IsInt()
  @Min(100)
  PUBLISH_TIMEOUT_MS: number = 10_000;

  @IsInt()
  @Min(0)
  SHUTDOWN_TIMEOUT_MS: number = 30_000;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** Human-readable logs for a terminal instead of JSON lines. */
  @Transform(toBoolean)
  @IsOptional()
  LOG_PRETTY: boolean = false;
}

export { toAbsolutePath, toBoolean, toNumberList };
