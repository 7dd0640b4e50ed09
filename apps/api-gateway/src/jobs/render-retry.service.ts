import { JobStatus, JobType, RoutingKey, StageName } from '@mediaflow/contracts';
import { EventPublisher } from '@mediaflow/messaging';
import { BackgroundJob, Image, pendingStage } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { randomUUID } from 'node:crypto';

export const RENDER_STAGES = [StageName.Thumbnail, StageName.Cache] as const;
export type RenderStage = (typeof RENDER_STAGES)[number];
const REQUEST_KEY = { [StageName.Thumbnail]: RoutingKey.ThumbnailRequested, [StageName.Cache]: RoutingKey.CacheRequested } as const;

/** A render to do again: the stage and the image id. */
export interface RenderToRetry {
  stage: RenderStage;
  itemId: string;
}

/**
 * Starts a job that renders given (stage, image) pairs again: a collection-scan job whose thumbnail and
 * cache stages get one request per image that still exists. Used by a job's retry-failed and by the
 * retry of a failure group.
 */
@Injectable()
export class RenderRetryService {
  constructor(
    @InjectModel(BackgroundJob.name) private readonly jobs: Model<BackgroundJob>,
    @InjectModel(Image.name) private readonly images: Model<Image>,
    private readonly publisher: EventPublisher,
  ) {}

  /** The new job's id, or null when none of the images still exists. */
  async start(renders: RenderToRetry[], job: { description: (count: number) => string; params: Record<string, unknown>; libraryId?: Types.ObjectId | null }): Promise<string | null> {
    const requests = await this.liveRequests(renders);
    if (requests.length === 0) return null;
    const retryJobId = new Types.ObjectId();
    const correlationId = randomUUID();
    await this.jobs.create({
      _id: retryJobId,
      type: JobType.CollectionScan,
      status: JobStatus.Pending,
      libraryId: job.libraryId ?? requests[0]?.libraryId ?? null,
      params: job.params,
      stages: RENDER_STAGES.map(pendingStage),
      correlationId,
      description: job.description(requests.length),
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

  /** One request per (stage, image) for images that are live and fingerprinted; stale rows are dropped. */
  private async liveRequests(failed: RenderToRetry[]): Promise<RenderRequest[]> {
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
