import { validateEnv } from '@mediaflow/config';
import { RenderWorkerEnv } from '@mediaflow/media';
import { IsInt, Max, Min } from 'class-validator';

/** Environment of the cache-worker service (see README, Configuration). */
export class CacheWorkerEnv extends RenderWorkerEnv {
  /** Port of the HTTP server: /health and /metrics. */
  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT: number = 3005;

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
}

export function loadCacheWorkerEnv(env: NodeJS.ProcessEnv = process.env): CacheWorkerEnv {
  return validateEnv(CacheWorkerEnv, env);
}
