import { RoutingKey, type JobFinishedV1, type JobUpdatedV1 } from '@mediaflow/contracts';
import { EventPublisher } from '@mediaflow/messaging';
import { Injectable } from '@nestjs/common';
import type { JobRecord } from './job.store';

export function jobUpdatedPayload(job: JobRecord): JobUpdatedV1 {
  return {
    jobId: job._id.toHexString(),
    type: job.type,
    status: job.status,
    stages: job.stages.map((stage) => ({
      name: stage.name,
      status: stage.status,
      ...(stage.total === null || stage.total === undefined ? {} : { total: stage.total }),
      done: stage.done,
      failed: stage.failed,
      skipped: stage.skipped,
    })),
    ...(job.startedAt ? { startedAt: new Date(job.startedAt).toISOString() } : {}),
    ...(job.finishedAt ? { finishedAt: new Date(job.finishedAt).toISOString() } : {}),
  };
}

export function jobFinishedPayload(job: JobRecord): JobFinishedV1 {
  const finishedAt = job.finishedAt ?? job.updatedAt;
  const startedAt = job.startedAt ?? job.createdAt;
  return {
    jobId: job._id.toHexString(),
    type: job.type,
    status: job.status,
    durationMs: Math.max(0, new Date(finishedAt).getTime() - new Date(startedAt).getTime()),
    ...(job.parentId ? { parentId: job.parentId.toHexString() } : {}),
    ...(job.reason ? { reason: job.reason.slice(0, 2000) } : {}),
  };
}

/** Tells the rest of the system what happened to a job. */
@Injectable()
export class JobNotifier {
  constructor(private readonly publisher: EventPublisher) {}

  async updated(job: JobRecord): Promise<void> {
    await this.publisher.publish(RoutingKey.JobUpdated, jobUpdatedPayload(job));
  }

  async finished(job: JobRecord): Promise<void> {
    await this.publisher.publish(RoutingKey.JobFinished, jobFinishedPayload(job));
  }
}
