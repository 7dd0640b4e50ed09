import { ItemOutcome, JobStatus, JobType, RoutingKey, StageName, TERMINAL_JOB_STATUSES } from '@mediaflow/contracts';
import { EventPublisher } from '@mediaflow/messaging';
import { BackgroundJob, Image, JobItem, pendingStage } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { ApiError } from '../http/api-error';

import { JobsQueryService } from './jobs-query.service';

const RENDER_STAGES = [StageName.Thumbnail, StageName.Cache] as const;
type RenderStage = (typeof RENDER_STAGES)[number];
const REQUEST_KEY = { [StageName.Thumbnail]: RoutingKey.ThumbnailRequested, [StageName.Cache]: RoutingKey.CacheRequested } as const;

/** Commands on existing jobs. The gateway never writes a job's status: job-tracker does, from these messages. */
@Injectable()
export class JobCommandsService {
  constructor(
    @InjectModel(BackgroundJob.name) private readonly jobs: Model<BackgroundJob>,
    @InjectModel(JobItem.name) private readonly items: Model<JobItem>,
    @InjectModel(Image.name) private readonly images: Model<Image>,
    private readonly query: JobsQueryService,
    private readonly publisher: EventPublisher,
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
      .lean<Array<{ stage: RenderStage; itemId: string }>>();
    const requests = await this.liveRequests(failed);
    if (requests.length === 0) {
      throw ApiError.conflict('NOTHING_TO_RETRY', `Job ${id} has no failed thumbnail or cache items of images that still exist`);
    }

    const retryJobId = new Types.ObjectId();
    const correlationId = randomUUID();
    const libraryId = job.libraryId ?? requests[0]?.libraryId ?? null;
    await this.jobs.create({
      _id: retryJobId,
      type: JobType.CollectionScan,
      status: JobStatus.Pending,
      libraryId,
      params: { retryOf: id },
      stages: RENDER_STAGES.map(pendingStage),
      correlationId,
      description: `Retry of ${requests.length} failed render(s) of job ${id}`,
    });
    const jobId = retryJobId.toString();
    // Requests before totals; job-tracker keeps items that arrive before their stage total.
    for (const request of requests) {
      await this.publisher.publish(
        REQUEST_KEY[request.stage],
        { jobId, imageId: request.imageId, libraryId: request.libraryId.toString(), fingerprint: request.fingerprint },
        { correlationId },
      );
    }
    for (const stage of RENDER_STAGES) {
      const total = requests.filter((request) => request.stage === stage).length;
      await this.publisher.publish(RoutingKey.JobStageTotal, { jobId, stage, total }, { correlationId });
    }
    return jobId;
  }

  /** One request per (stage, image) for images that are live and fingerprinted; stale ledger rows are dropped. */
  private async liveRequests(failed: Array<{ stage: RenderStage; itemId: string }>): Promise<RenderRequest[]> {
    const ids = [...new Set(failed.map((item) => item.itemId))].filter((itemId) => Types.ObjectId.isValid(itemId));
    if (ids.length === 0) return [];
    const images = await this.images
      .find({ _id: { $in: ids.map((itemId) => new Types.ObjectId(itemId)) }, deletedAt: null }, { libraryId: 1, fingerprint: 1 })
      .lean<Array<{ _id: Types.ObjectId; libraryId: Types.ObjectId; fingerprint: string | null }>>();
    const byId = new Map(images.map((image) => [image._id.toString(), image]));
    const seen = new Set<string>();
    const requests: RenderRequest[] = [];
    for (const item of failed) {
      const image = byId.get(item.itemId);
      const key = `${item.stage}:${item.itemId}`;
      if (!image?.fingerprint || seen.has(key)) continue;
      seen.add(key);
      requests.push({ stage: item.stage, imageId: item.itemId, libraryId: image.libraryId, fingerprint: image.fingerprint });
    }
    return requests;
  }
}

interface RenderRequest {
  stage: RenderStage;
  imageId: string;
  libraryId: Types.ObjectId;
  fingerprint: string;
}
