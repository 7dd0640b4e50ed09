import { RoutingKey, ScanMode, type FileChange } from '@mediaflow/contracts';
import { EventPublisher } from '@mediaflow/messaging';
import { BackgroundJob, insertJobsThenPublish, newLibraryScanJobs, newWatchSyncJob } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { randomUUID } from 'node:crypto';

export interface LibraryRef {
  id: string;
  name: string;
}

/**
 * The jobs the watcher starts, made exactly as other starters make theirs (docs/pipeline.md): insert
 * first, then publish; if the publish fails, the inserted jobs are removed (nobody else knows them).
 */
@Injectable()
export class WatchJobsService {
  constructor(
    @InjectModel(BackgroundJob.name) private readonly jobs: Model<BackgroundJob>,
    private readonly publisher: EventPublisher,
  ) {}

  /** A watch-sync job for one batch, then library.files.changed; returns the job id. */
  async startWatchSync(library: LibraryRef, changes: FileChange[]): Promise<string> {
    const correlationId = randomUUID();
    const job = newWatchSyncJob({ library: this.ref(library), changes: changes.length, correlationId });
    const jobId = job._id.toString();
    await insertJobsThenPublish(this.jobs, [job], () =>
      this.publisher.publish(RoutingKey.LibraryFilesChanged, { jobId, libraryId: library.id, changes }, { correlationId }),
    );
    return jobId;
  }

  /** An incremental scan (and its cleanup), to catch what changed while nobody watched. */
  async startCatchUpScan(library: LibraryRef, why: string): Promise<string> {
    const correlationId = randomUUID();
    const description = `Incremental scan of library "${library.name}" (${why})`;
    const { scan, cleanup } = newLibraryScanJobs({ library: this.ref(library), mode: ScanMode.Incremental, correlationId, description });
    const jobId = scan._id.toString();
    await insertJobsThenPublish(this.jobs, [scan, cleanup], () =>
      this.publisher.publish(RoutingKey.LibraryScanRequested, { jobId, libraryId: library.id, mode: ScanMode.Incremental }, { correlationId }),
    );
    return jobId;
  }

  private ref(library: LibraryRef): { _id: Types.ObjectId; name: string } {
    return { _id: new Types.ObjectId(library.id), name: library.name };
  }
}
