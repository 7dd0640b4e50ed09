import { ServiceEnv, validateEnv } from '@mediaflow/config';
import { IsInt, Max, Min } from 'class-validator';

/** Environment of the watcher service (see README, Configuration). */
export class WatcherEnv extends ServiceEnv {
  /** Port of the HTTP server: /health and /metrics (and, on the gateway, the API). */
  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT: number = 3002;
}

export function loadWatcherEnv(env: NodeJS.ProcessEnv = process.env): WatcherEnv {
  return validateEnv(WatcherEnv, env);
}
