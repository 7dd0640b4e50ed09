import type { ApiClient } from './api-client';

/** The parts of the public API's views the schedule and stale-job tests read. */
export const TERMINAL_STATUSES = ['completed', 'completed_with_errors', 'failed', 'cancelled'];

export interface StageView {
  name: string;
  status: string;
  total: number | null;
  done: number;
  failed: number;
  skipped: number;
}

export interface JobView {
  id: string;
  type: string;
  status: string;
  libraryId: string | null;
  parentId: string | null;
  reason: string | null;
  stages: StageView[];
  createdAt: string;
  finishedAt: string | null;
  lastProgressAt: string | null;
  dependsOn: string[];
  children: { total: number; finished: number; items: Array<{ id: string; status: string }> };
}

export interface ScheduleView {
  id: string;
  name: string;
  paused: boolean;
  nextRunAt: string | null;
  counters: { fired: number; skipped: number; failed: number };
}

export interface RunView {
  id: string;
  occurrenceAt: string;
  firedAt: string | null;
  decision: string;
  trigger: string;
  jobId: string | null;
  jobIds: string[];
  status: string | null;
  durationMs: number | null;
  reason: string | null;
  summary: string | null;
}

/** Every run of a schedule, oldest first (the API pages newest first). */
export async function allRuns(api: ApiClient, scheduleId: string): Promise<RunView[]> {
  const runs: RunView[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: RunView[]; nextCursor: string | null } = await api.ok('GET', `/schedules/${scheduleId}/runs?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    runs.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return runs.reverse();
}

export function stageOf(job: JobView, name: string): StageView {
  const found = job.stages.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`job ${job.id} has no ${name} stage: ${JSON.stringify(job.stages)}`);
  return found;
}
