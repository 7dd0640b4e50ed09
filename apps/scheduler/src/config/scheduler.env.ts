import { ServiceEnv, validateEnv } from '@mediaflow/config';
import { IsInt, Max, Min } from 'class-validator';

/** Environment of the scheduler service (see README, Configuration). */
export class SchedulerEnv extends ServiceEnv {
  /** Port of the HTTP server: /health and /metrics (and, on the gateway, the API). */
  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT: number = 3001;
}

export function loadSchedulerEnv(env: NodeJS.ProcessEnv = process.env): SchedulerEnv {
  return validateEnv(SchedulerEnv, env);
}
