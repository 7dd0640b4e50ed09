import type { BackgroundJob } from '@mediaflow/persistence';
import type { Types } from 'mongoose';
import type { ChildJobView, JobDetailView, JobSummaryView } from './job.dto';
import { jobProgress } from './job-progress';

export type JobRecord = BackgroundJob & { _id: Types.ObjectId };

const iso = (date: Date | null | undefined): string | null => date?.toISOString() ?? null;

export function toJobSummary(job: JobRecord): JobSummaryView {
  return {
    id: job._id.toString(),
    type: job.type,
    status: job.status,
    libraryId: job.libraryId?.toString() ?? null,
    description: job.description ?? null,
    stages: job.stages.map((stage) => ({
      name: stage.name,
      status: stage.status,
      total: stage.total ?? null,
      totalKnown: stage.totalKnown,
      done: stage.done,
      failed: stage.failed,
      skipped: stage.skipped,
    })),
    parentId: job.parentId?.toString() ?? null,
    reason: job.reason ?? null,
    createdAt: job.createdAt.toISOString(),
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
  };
}

export function toJobDetail(job: JobRecord, children: ChildJobView[], now: Date): JobDetailView {
  return {
    ...toJobSummary(job),
    progress: jobProgress(job, job.stages, now),
    dependsOn: job.dependsOn.map((id) => id.toString()),
    children: { total: job.childrenTotal, finished: job.childrenFinished, items: children },
    failureSample: job.failureSample.map((failure) => ({
      stage: failure.stage,
      itemId: failure.itemId,
      path: failure.path ?? null,
      reason: failure.reason,
    })),
    correlationId: job.correlationId ?? null,
    params: job.params ?? {},
    result: job.result ?? null,
    lastProgressAt: iso(job.lastProgressAt),
    cancelRequestedAt: iso(job.cancelRequestedAt),
    updatedAt: job.updatedAt.toISOString(),
  };
}
