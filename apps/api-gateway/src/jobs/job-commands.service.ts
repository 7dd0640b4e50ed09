import { ItemOutcome, RoutingKey, TERMINAL_JOB_STATUSES } from '@mediaflow/contracts';
import { EventPublisher } from '@mediaflow/messaging';
import { JobItem } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ApiError } from '../http/api-error';
import { JobsQueryService } from './jobs-query.service';
import { RENDER_STAGES, RenderRetryService, type RenderToRetry } from './render-retry.service';

/** Commands on existing jobs. The gateway never writes a job's status: job-tracker does, from these messages. */
@Injectable()
export class JobCommandsService {
  constructor(
    @InjectModel(JobItem.name) private readonly items: Model<JobItem>,
    private readonly query: JobsQueryService,
    private readonly publisher: EventPublisher,
    private readonly retries: RenderRetryService,
  ) {}

  async cancel(id: string): Promise<void> {
    const job = await this.query.find(id);
    if (TERMINAL_JOB_STATUSES.includes(job.status)) {
      throw ApiError.conflict('JOB_ALREADY_ENDED', `Job ${id} has already ended (${job.status}); there is nothing to cancel`);
    }
    await this.publisher.publish(RoutingKey.JobCancelRequested, { jobId: id }, { correlationId: job.correlationId ?? undefined });
  }

  /**
   * Re-renders what failed in a job and its children: a new collection-scan job (params.retryOf)
   * whose thumbnail/cache stages get one request per failed image that still exists.
   */
  async retryFailed(id: string): Promise<string> {
    const job = await this.query.find(id);
    const children = await this.query.children(job);
    const failed = await this.items
      .find(
        { jobId: { $in: [job._id, ...children.map((child) => child._id)] }, stage: { $in: RENDER_STAGES }, outcome: ItemOutcome.Failed },
        { stage: 1, itemId: 1 },
      )
      .lean<RenderToRetry[]>();
    const retryJobId = await this.retries.start(failed, {
      libraryId: job.libraryId,
      params: { retryOf: id },
      description: (count) => `Retry of ${count} failed render(s) of job ${id}`,
    });
    if (!retryJobId) {
      throw ApiError.conflict('NOTHING_TO_RETRY', `Job ${id} has no failed thumbnail or cache items of images that still exist`);
    }
    return retryJobId;
  }
}
