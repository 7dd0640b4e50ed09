import { ServiceEnv, validateEnv } from '@mediaflow/config';
import { IsInt, Max, Min } from 'class-validator';

/** Environment of the job-tracker service (see README, Configuration). */
export class JobTrackerEnv extends ServiceEnv {
  /** Port of the HTTP server: /health and /metrics (and, on the gateway, the API). */
  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT: number = 3006;

  /**
   * One store connection, so this process's writes to a job are applied one after another.
   * FerretDB runs an update as find-then-write-by-_id without re-checking the filter, so updates of
   * one document from different connections can lose a write: on FerretDB only ONE job-tracker
   * replica may run, with this at 1. On MongoDB the revision-guarded updates, `$max` counts and
   * conditional terminal transitions are atomic, so several replicas and a larger pool are safe.
   * See docs/architecture.md.
   */
  @IsInt()
  @Min(1)
  @Max(500)
  override MONGO_MAX_POOL_SIZE: number = 1;
}

export function loadJobTrackerEnv(env: NodeJS.ProcessEnv = process.env): JobTrackerEnv {
  return validateEnv(JobTrackerEnv, env);
}
