import { eventually } from '@mediaflow/testing';
import type { ApiClient } from '../../e2e/support/api-client';

export interface JobView {
  id: string;
  status: string;
  /** ISO time the job ended; set once it is terminal. */
  finishedAt?: string | null;
  stages: Array<{ name: string; status: string; total: number | null; done: number; failed: number; skipped: number }>;
}

const TERMINAL = ['completed', 'completed_with_errors', 'failed', 'cancelled'];

export interface JobWait {
  /** When to stop waiting; by default once the job ended. */
  done?: (job: JobView) => boolean;
  /**
   * Between polls. Each poll is a job read (and a children query) that a bare baseline does not pay for,
   * so a long measurement polls slowly: its end is then known to within `pollMs`, a small share of it.
   */
  pollMs?: number;
}

/** Polls the public API until `done(job)` holds. */
export function waitForJob(api: ApiClient, jobId: string, { done = (job) => TERMINAL.includes(job.status), pollMs = 200 }: JobWait = {}): Promise<JobView> {
  return eventually(`job ${jobId}`, async () => {
    const job = await api.ok<JobView>('GET', `/jobs/${jobId}`);
    return done(job) ? job : undefined;
  }, 3_600_000, pollMs);
}
