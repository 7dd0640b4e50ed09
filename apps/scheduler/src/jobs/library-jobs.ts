import { JobStatus, JobType, RoutingKey, ScanMode, StageName } from '@mediaflow/contracts';
import { EventPublisher } from '@mediaflow/messaging';
import { BackgroundJob, insertJobsThenPublish, Library, newLibraryScanJobs, pendingStage } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { randomUUID } from 'node:crypto';

export interface LibraryRef {
  _id: Types.ObjectId;
  name: string;
}

/**
 * Creates library jobs exactly as the gateway does (docs/pipeline.md) and publishes their commands.
 * If a publish fails, the jobs it created are removed: no one else knows them, so they would stay pending.
 */
@Injectable()
export class LibraryJobs {
  constructor(
    @InjectModel(Library.name) private readonly libraries: Model<Library>,
    @InjectModel(BackgroundJob.name) private readonly jobs: Model<BackgroundJob>,
    private readonly publisher: EventPublisher,
  ) {}

  /** The one library named, or every library when none is. */
  async resolve(libraryId: string | undefined): Promise<LibraryRef[]> {
    const filter = libraryId ? { _id: libraryId } : {};
    return this.libraries.find(filter, { name: 1 }).sort({ _id: 1 }).lean<LibraryRef[]>();
  }

  /** A library-scan job plus the derivative-cleanup job that depends on it, then library.scan.requested. */
  async startScan(library: LibraryRef, mode: ScanMode, scanJobId: Types.ObjectId, description: string): Promise<void> {
    const correlationId = randomUUID();
    const libraryId = library._id.toString();
    const { scan, cleanup } = newLibraryScanJobs({ library, mode, correlationId, description, scanJobId });
    await insertJobsThenPublish(this.jobs, [scan, cleanup], () =>
      this.publisher.publish(RoutingKey.LibraryScanRequested, { jobId: scanJobId.toString(), libraryId, mode }, { correlationId }),
    );
  }

  /** A derivative-cleanup job with no prerequisites, then library.derivatives.cleanup.requested. */
  async startCleanup(library: LibraryRef, jobId: Types.ObjectId, description: string): Promise<void> {
    const correlationId = randomUUID();
    const libraryId = library._id.toString();
    const job = {
      _id: jobId,
      type: JobType.DerivativeCleanup,
      status: JobStatus.Pending,
      libraryId: library._id,
      params: { libraryId },
      stages: [pendingStage(StageName.Cleanup)],
      correlationId,
      description,
    };
    await insertJobsThenPublish(this.jobs, [job], () =>
      this.publisher.publish(RoutingKey.DerivativesCleanupRequested, { jobId: jobId.toString(), libraryId, prerequisites: [] }, { correlationId }),
    );
  }
}
