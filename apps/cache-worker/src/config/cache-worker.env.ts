import { ServiceEnv, validateEnv } from '@mediaflow/config';
import { IsInt, Max, Min } from 'class-validator';

/** Environment of the cache-worker service (see README, Configuration). */
export class CacheWorkerEnv extends ServiceEnv {
  /** Port of the HTTP server: /health and /metrics (and, on the gateway, the API). */
  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT: number = 3005;
}

export function loadCacheWorkerEnv(env: NodeJS.ProcessEnv = process.env): CacheWorkerEnv {
  return validateEnv(CacheWorkerEnv, env);
}
