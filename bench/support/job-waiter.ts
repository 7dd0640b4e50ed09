import { eventually } from '@mediaflow/testing';
import type { ApiClient } from '../../e2e/support/api-client';

export interface JobView {
  id: string;
  status: string;
  stages: Array<{ name: string; status: string; total: number | null; done: number; failed: number; skipped: number }>;
}

const TERMINAL = ['completed', 'completed_with_errors', 'failed', 'cancelled'];

/**
 * Polls the public API every `pollMs` until `done(job)` holds (by default: the job ended). Each poll is a
 * job read (and a children query) that the bare baseline does not pay for, so a long measurement polls
 * slowly: its end is then known to within `pollMs`, a small share of its length.
 */
export function waitForJob(
  api: ApiClient,
  jobId: string,
  done = (job: JobView) => TERMINAL.includes(job.status),
  pollMs = 200,
): Promise<JobView> {
  return eventually(`job ${jobId}`, async () => {
    const job = await api.ok<JobView>('GET', `/jobs/${jobId}`);
    return done(job) ? job : undefined;
  }, 3_600_000, pollMs);
}
