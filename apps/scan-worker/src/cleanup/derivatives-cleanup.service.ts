import { DerivativeKind, ItemOutcome, RoutingKey, StageName, type DerivativesCleanupRequestedV1 } from '@mediaflow/contracts';
import { EventPublisher } from '@mediaflow/messaging';
import { Image } from '@mediaflow/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { ScanWorkerEnv } from '../config/scan-worker.env';
import { ItemReportBatcher, itemIdForPath } from '../reporting/item-report-batcher';
import { listDerivativeFiles, removeFile, type DerivativeFile } from './derivative-files';

const BATCH_SIZE = 500;
/** Files younger than this are left alone: a render worker may have renamed one in but not yet recorded it. */
export const CLEANUP_MIN_AGE_MS = 10 * 60_000;

/**
 * Deletes derivative files of a library that no live image points to (`derivatives.<kind>.path`,
 * relative to DERIVATIVES_DIR), reporting each deleted file as a `cleanup` item, then the total.
 */
@Injectable()
export class DerivativesCleanupService {
  private readonly logger = new Logger(DerivativesCleanupService.name);

  constructor(
    @InjectModel(Image.name) private readonly images: Model<Image>,
    @Inject(ScanWorkerEnv) private readonly env: ScanWorkerEnv,
    private readonly publisher: EventPublisher,
  ) {}

  async cleanUp(request: DerivativesCleanupRequestedV1, now = new Date()): Promise<number> {
    const report = new ItemReportBatcher(this.publisher, request.jobId, StageName.Cleanup);
    const libraryId = new Types.ObjectId(request.libraryId);
    for (const kind of Object.values(DerivativeKind)) {
      let batch: DerivativeFile[] = [];
      for await (const file of listDerivativeFiles(this.env.DERIVATIVES_DIR, kind, request.libraryId)) {
        if (now.getTime() - file.mtimeMs < CLEANUP_MIN_AGE_MS) continue;
        batch.push(file);
        if (batch.length >= BATCH_SIZE) batch = await this.removeOrphans(libraryId, kind, batch, report);
      }
      await this.removeOrphans(libraryId, kind, batch, report);
    }
    await report.flush();
    await this.publisher.publish(RoutingKey.JobStageTotal, { jobId: request.jobId, stage: StageName.Cleanup, total: report.count });
    this.logger.log(`cleanup of library ${request.libraryId}: ${report.count} orphaned derivative files`);
    return report.count;
  }

  /** Deletes the files of the batch no live image owns; returns an empty batch to go on with. */
  private async removeOrphans(libraryId: Types.ObjectId, kind: DerivativeKind, batch: DerivativeFile[], report: ItemReportBatcher): Promise<DerivativeFile[]> {
    if (batch.length === 0) return [];
    const field = `derivatives.${kind}.path`;
    const owners = await this.images
      .find({ libraryId, deletedAt: null, [field]: { $in: batch.map((file) => file.relativePath) } }, { [field]: 1 })
      .lean<Array<Pick<Image, 'derivatives'>>>();
    const owned = new Set(owners.map((image) => image.derivatives?.[kind]?.path));
    for (const file of batch) {
      if (owned.has(file.relativePath)) continue;
      const failure = await removeFile(file.absolutePath);
      const itemId = itemIdForPath(file.relativePath);
      await report.add(
        failure
          ? { itemId, outcome: ItemOutcome.Failed, path: file.relativePath, reason: failure }
          : { itemId, outcome: ItemOutcome.Done, path: file.relativePath },
      );
    }
    return [];
  }
}
