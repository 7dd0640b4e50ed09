import { DerivativeKind, ItemOutcome, RoutingKey, StageName, type DerivativesCleanupRequestedV1 } from '@mediaflow/contracts';
import { EventPublisher } from '@mediaflow/messaging';
import { Image, ImageDerivative } from '@mediaflow/persistence';
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
 * Deletes derivative files of a library that no live image's `image_derivatives` record points to
 * (`path`, relative to DERIVATIVES_DIR), reporting each deleted file as a `cleanup` item, then the total.
 */
@Injectable()
export class DerivativesCleanupService {
  private readonly logger = new Logger(DerivativesCleanupService.name);

  constructor(
    @InjectModel(Image.name) private readonly images: Model<Image>,
    @InjectModel(ImageDerivative.name) private readonly derivatives: Model<ImageDerivative>,
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
    const owned = await this.ownedPaths(libraryId, kind, batch);
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

  /** The paths of the batch a record of a live image points to (whatever fingerprint it was made from). */
  private async ownedPaths(libraryId: Types.ObjectId, kind: DerivativeKind, batch: DerivativeFile[]): Promise<Set<string>> {
    const records = await this.derivatives
      .find({ libraryId, kind, path: { $in: batch.map((file) => file.relativePath) } }, { imageId: 1, path: 1 })
      .lean<Array<Pick<ImageDerivative, 'imageId' | 'path'>>>();
    if (records.length === 0) return new Set();
    const live = await this.images.find({ _id: { $in: records.map((record) => record.imageId) }, deletedAt: null }, { _id: 1 }).lean();
    const liveIds = new Set(live.map((image) => image._id.toHexString()));
    return new Set(records.filter((record) => liveIds.has(record.imageId.toHexString())).flatMap((record) => (record.path ? [record.path] : [])));
  }
}
