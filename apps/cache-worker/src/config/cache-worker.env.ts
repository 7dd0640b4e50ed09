import { ServiceEnv, validateEnv } from '@mediaflow/config';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { resolve } from 'node:path';

const toAbsolutePath = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && value.length > 0 ? resolve(value) : value);

/** Environment of the cache-worker service (see README, Configuration). */
export class CacheWorkerEnv extends ServiceEnv {
  /** Port of the HTTP server: /health and /metrics (and, on the gateway, the API). */
  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT: number = 3005;

  /** Root of the derivative store, shared with thumbnail-worker and scan-worker; relative paths resolve against the working directory. */
  @Transform(toAbsolutePath)
  @IsString()
  @MinLength(1)
  DERIVATIVES_DIR: string = resolve('.data/derivatives');

  /** Images this process renders at once; the broker prefetch bounds only how many messages it holds. */
  @IsInt()
  @Min(1)
  @Max(64)
  RENDER_CONCURRENCY: number = 2;

  /** Cache images fit inside CACHE_SIZE x CACHE_SIZE pixels. */
  @IsInt()
  @Min(16)
  @Max(8192)
  CACHE_SIZE: number = 1920;

  /** Progressive JPEG quality, 1-100. */
  @IsInt()
  @Min(1)
  @Max(100)
  CACHE_QUALITY: number = 85;

  /** Sources with more pixels (width x height) are refused as possible decompression bombs. */
  @IsInt()
  @Min(1)
  MAX_INPUT_PIXELS: number = 100_000_000;
}

export function loadCacheWorkerEnv(env: NodeJS.ProcessEnv = process.env): CacheWorkerEnv {
  return validateEnv(CacheWorkerEnv, env);
}
