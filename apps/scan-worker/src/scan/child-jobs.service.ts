import { createHash } from 'node:crypto';
import { JobStatus, JobType, StageName, StageStatus } from '@mediaflow/contracts';
import { BackgroundJob, isDuplicateKeyError } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import type { ScanContext } from './scan-context';

/**
 * The `collection-scan` children of a full scan. A child's id is derived from (scan job, collection),
 * so a redelivered scan finds the child it already inserted instead of making a second one.
 */
@Injectable()
export class ChildJobsService {
  constructor(@InjectModel(BackgroundJob.name) private readonly jobs: Model<BackgroundJob>) {}

  async ensureChild(scan: ScanContext, collectionId: Types.ObjectId, folder: string): Promise<string> {
    const childId = childJobIdFor(scan.jobId, collectionId);
    if (scan.children.has(childId)) return childId;
    try {
      await this.jobs.create({
        _id: new Types.ObjectId(childId),
        type: JobType.CollectionScan,
        status: JobStatus.Pending,
        parentId: scan.jobId,
        libraryId: scan.libraryId,
        params: { collectionId: collectionId.toHexString() },
        description: `Render ${folder === '' ? 'the library root' : folder}`,
        stages: [StageName.Thumbnail, StageName.Cache].map((name) => ({
          name,
          status: StageStatus.Pending,
          total: null,
          totalKnown: false,
          done: 0,
          failed: 0,
          skipped: 0,
        })),
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    scan.children.set(childId, 0);
    return childId;
  }
}

export function childJobIdFor(scanJobId: Types.ObjectId, collectionId: Types.ObjectId): string {
  return createHash('sha256').update(`${scanJobId.toHexString()}:${collectionId.toHexString()}`).digest('hex').slice(0, 24);
}
