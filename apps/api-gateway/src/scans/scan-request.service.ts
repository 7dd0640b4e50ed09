import { JobStatus, JobType, RoutingKey, ScanMode, StageName, StageStatus } from '@mediaflow/contracts';
import { EventPublisher } from '@mediaflow/messaging';
import { BackgroundJob, type JobStage } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { LibrariesService } from '../libraries/libraries.service';
import type { ScanAcceptedView } from './scan.dto';

/** A stage as its creator inserts it: pending, total unknown, nothing counted. */
export function pendingStage(name: StageName): JobStage {
  return { name, status: StageStatus.Pending, total: null, totalKnown: false, done: 0, failed: 0, skipped: 0 };
}

/**
 * Starts a scan: inserts the scan job and the cleanup job that depends on it, then publishes the
 * command. job-tracker owns both jobs from there and starts the cleanup when the scan ends.
 */
@Injectable()
export class ScanRequestService {
  constructor(
    @InjectModel(BackgroundJob.name) private readonly jobs: Model<BackgroundJob>,
    private readonly libraries: LibrariesService,
    private readonly publisher: EventPublisher,
  ) {}

  async request(libraryId: string, mode: ScanMode): Promise<ScanAcceptedView> {
    const library = await this.libraries.find(libraryId);
    const correlationId = randomUUID();
    const scanJobId = new Types.ObjectId();
    const cleanupJobId = new Types.ObjectId();
    await this.jobs.insertMany([
      {
        _id: scanJobId,
        type: JobType.LibraryScan,
        status: JobStatus.Pending,
        libraryId: library._id,
        params: { libraryId, mode },
        stages: [pendingStage(StageName.Discover), pendingStage(StageName.Thumbnail), pendingStage(StageName.Cache)],
        correlationId,
        description: `${mode === ScanMode.Full ? 'Full' : 'Incremental'} scan of library "${library.name}"`,
      },
      {
        _id: cleanupJobId,
        type: JobType.DerivativeCleanup,
        status: JobStatus.Pending,
        libraryId: library._id,
        params: { libraryId },
        dependsOn: [scanJobId],
        stages: [pendingStage(StageName.Cleanup)],
        correlationId,
        description: `Remove orphaned derivatives of library "${library.name}" after scan ${scanJobId.toString()}`,
      },
    ]);
    try {
      await this.publisher.publish(
        RoutingKey.LibraryScanRequested,
        { jobId: scanJobId.toString(), libraryId, mode },
        { correlationId },
      );
    } catch (error) {
      // The command never left: no one else knows these jobs, so remove them rather than leave them pending forever.
      await this.jobs.deleteMany({ _id: { $in: [scanJobId, cleanupJobId] } });
      throw error;
    }
    return { jobId: scanJobId.toString(), cleanupJobId: cleanupJobId.toString() };
  }
}
