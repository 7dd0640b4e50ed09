import { ServiceEnv, validateEnv } from '@mediaflow/config';
import { IsInt, Max, Min } from 'class-validator';

/** Environment of the job-tracker service (see README, Configuration). */
export class JobTrackerEnv extends ServiceEnv {
  /** Port of the HTTP server: /health and /metrics (and, on the gateway, the API). */
  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT: number = 3006;

  // On FerretDB run ONE job-tracker replica: it applies an update as find-then-write-by-_id, so two
  // processes updating one job can lose a write. Within a process, updates of one job run one after
  // another (KeyedSerializer). On MongoDB the revision-guarded updates, $max counts and conditional
  // terminal transitions are atomic, so several replicas are safe. See docs/architecture.md.
}

export function loadJobTrackerEnv(env: NodeJS.ProcessEnv = process.env): JobTrackerEnv {
  return validateEnv(JobTrackerEnv, env);
}
