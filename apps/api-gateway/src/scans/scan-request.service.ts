import { RoutingKey, ScanMode } from '@mediaflow/contracts';
import { EventPublisher } from '@mediaflow/messaging';
import { BackgroundJob, insertJobsThenPublish, newLibraryScanJobs } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { LibrariesService } from '../libraries/libraries.service';
import type { ScanAcceptedView } from './scan.dto';

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
    const description = `${mode === ScanMode.Full ? 'Full' : 'Incremental'} scan of library "${library.name}"`;
    const { scan, cleanup } = newLibraryScanJobs({ library, mode, correlationId, description });
    await insertJobsThenPublish(this.jobs, [scan, cleanup], () =>
      this.publisher.publish(RoutingKey.LibraryScanRequested, { jobId: scan._id.toString(), libraryId, mode }, { correlationId }),
    );
    return { jobId: scan._id.toString(), cleanupJobId: cleanup._id.toString() };
  }
}
