import { ServiceEnv, validateEnv } from '@mediaflow/config';
import { IsInt, Max, Min } from 'class-validator';

/** Environment of the thumbnail-worker service (see README, Configuration). */
export class ThumbnailWorkerEnv extends ServiceEnv {
  /** Port of the HTTP server: /health and /metrics (and, on the gateway, the API). */
  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT: number = 3004;
}

export function loadThumbnailWorkerEnv(env: NodeJS.ProcessEnv = process.env): ThumbnailWorkerEnv {
  return validateEnv(ThumbnailWorkerEnv, env);
}
