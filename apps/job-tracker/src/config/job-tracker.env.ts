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
   * How long a parent's re-derivation after a child moved waits for more of its children to move, so they
   * share it (each reads all the parent's children). The parent's counts show up to this much later.
   */
  @IsInt()
  @Min(0)
  @Max(10_000)
  JOB_PARENT_REFOLD_LINGER_MS: number = 250;

  // Any number of replicas, on MongoDB and on the local store (whose build makes each write atomic): job
  // writes are revision-guarded and counts rest on the job_items ledger (docs/architecture.md, "Job counts").
  // Within a process, folds of one job run one after another (KeyedSerializer).
}

export function loadJobTrackerEnv(env: NodeJS.ProcessEnv = process.env): JobTrackerEnv {
  return validateEnv(JobTrackerEnv, env);
}
