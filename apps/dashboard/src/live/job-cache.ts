import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { keys } from '../api/queries';
import type { JobDetail, JobSummary, Page, Stage } from '../api/types';

/** `data` of a job.updated event (the job.updated.v1 message). */
export interface JobUpdate {
  jobId: string;
  status: string;
  stages: Array<Omit<Stage, 'total' | 'totalKnown'> & { total?: number }>;
  startedAt?: string;
  finishedAt?: string;
}

const toStages = (update: JobUpdate): Stage[] =>
  update.stages.map((stage) => ({ ...stage, total: stage.total ?? null, totalKnown: stage.total !== undefined }));

function patch<T extends JobSummary>(job: T, update: JobUpdate): T {
  return {
    ...job,
    status: update.status,
    stages: toStages(update),
    ...(update.startedAt ? { startedAt: update.startedAt } : {}),
    ...(update.finishedAt ? { finishedAt: update.finishedAt } : {}),
  };
}

/**
 * Writes an update into every cached view of the job (lists and detail) and says whether any list
 * showed it; a job no list knows yet is new, and the caller reloads the lists.
 */
export function applyJobUpdate(client: QueryClient, update: JobUpdate): boolean {
  client.setQueryData<JobDetail>(keys.job(update.jobId), (job) => (job ? patch(job, update) : job));
  let listed = false;
  client.setQueriesData<InfiniteData<Page<JobSummary>>>({ queryKey: ['jobs'] }, (data) => {
    if (!data) return data;
    return {
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        items: page.items.map((job) => {
          if (job.id !== update.jobId) return job;
          listed = true;
          return patch(job, update);
        }),
      })),
    };
  });
  return listed;
}
