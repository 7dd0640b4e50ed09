import { ScanMode } from '@mediaflow/contracts';
import { Image, MediaCollection, duplicatePositions } from '@mediaflow/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { extname } from 'node:path';
import type { AnyBulkWriteOperation, Model, Types } from 'mongoose';
import { ScanWorkerEnv } from '../config/scan-worker.env';
import type { DiskFile, WalkedFolder } from '../walk/library-walker';
import { ChildJobsService } from './child-jobs.service';
import { DerivativeReadinessService } from './derivative-readiness.service';
import { fingerprintFile } from './fingerprinter';
import { diffFolder } from './folder-differ';
import type { ScanContext } from './scan-context';

const FINGERPRINT_CONCURRENCY = 8;

type StoredImage = Pick<Image, 'relativePath' | 'size' | 'mtimeMs' | 'fingerprint' | 'deletedAt' | 'scan'> & {
  _id: Types.ObjectId;
};

/** Bulk writes typed loosely: inserts carry only the fields a scan knows, the schema fills the rest. */
type ImageWrite = AnyBulkWriteOperation<Record<string, unknown>>;

export interface FolderSyncResult {
  collectionId: Types.ObjectId;
  /** Images of the folder this scan owes render requests (before move matching). */
  renderWork: number;
}

/**
 * Brings one folder's collection and images in line with its listing, in a handful of bulk writes:
 * new files are inserted, changed ones updated, vanished ones marked missing in this scan. Images owed
 * renders are marked for the render phase after the walk. Derivative records are never touched here: one
 * made from an older fingerprint is simply not ready for the image any more.
 */
@Injectable()
export class FolderSyncService {
  private readonly logger = new Logger(FolderSyncService.name);

  constructor(
    @InjectModel(MediaCollection.name) private readonly collections: Model<MediaCollection>,
    @InjectModel(Image.name) private readonly images: Model<Image>,
    @Inject(ScanWorkerEnv) private readonly env: ScanWorkerEnv,
    private readonly childJobs: ChildJobsService,
    private readonly readiness: DerivativeReadinessService,
  ) {}

  async sync(scan: ScanContext, folder: WalkedFolder): Promise<FolderSyncResult> {
    const collection = await this.collections
      .findOneAndUpdate(
        { libraryId: scan.libraryId, relativePath: folder.relativePath },
        scan.partial ? { $set: { deletedAt: null }, $setOnInsert: { seenInJob: scan.jobId } } : { $set: { deletedAt: null, seenInJob: scan.jobId } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean()
      .orFail();
    const stored = await this.images
      .find({ collectionId: collection._id }, { relativePath: 1, size: 1, mtimeMs: 1, fingerprint: 1, deletedAt: 1, scan: 1 })
      .lean<StoredImage[]>();
    const diff = diffFolder(folder.files, stored);
    const full = scan.mode === ScanMode.Full;

    const added = await this.fingerprintAll(diff.added);
    const changed = await this.fingerprintAll(diff.changed.map((pair) => pair.file));
    const changedIds = new Map(diff.changed.map((pair) => [pair.file.relativePath, pair.image._id]));
    const toCheck: StoredImage[] = [];
    let alreadyOwed = 0;
    for (const { file, image } of diff.unchanged) {
      const fingerprint = full ? await this.fingerprint(file) : image.fingerprint;
      if (full && fingerprint && fingerprint !== image.fingerprint) {
        changed.push({ file, fingerprint });
        changedIds.set(file.relativePath, image._id);
      } else if (image.scan?.renderInJob?.equals(scan.jobId)) {
        alreadyOwed += 1; // marked by an earlier delivery of this same scan
      } else if (full) {
        toCheck.push(image);
      }
    }
    const renderOnly = (await this.readiness.notReady(toCheck)).map((image) => image._id);

    const operations: ImageWrite[] = [
      ...added.map(({ file, fingerprint }) => ({ insertOne: { document: this.newImage(scan, collection._id, file, fingerprint) } })),
      ...changed.map(({ file, fingerprint }) => ({
        updateOne: { filter: { _id: changedIds.get(file.relativePath) }, update: { $set: changedFields(scan, file, fingerprint) } },
      })),
    ];
    if (diff.missing.length > 0) {
      const ids = diff.missing.map((image) => image._id);
      operations.push({ updateMany: { filter: { _id: { $in: ids } }, update: { $set: { 'scan.missingInJob': scan.jobId } } } });
    }
    if (renderOnly.length > 0) {
      operations.push({ updateMany: { filter: { _id: { $in: renderOnly } }, update: { $set: { 'scan.renderInJob': scan.jobId } } } });
    }
    await this.write(operations);

    const renderWork = added.length + changed.length + renderOnly.length + alreadyOwed;
    // The child exists before the folder is reported, so the parent can never look finished without it.
    if (full && renderWork > 0) await this.childJobs.ensureChild(scan, collection._id, folder.relativePath);
    return { collectionId: collection._id, renderWork };
  }

  private newImage(scan: ScanContext, collectionId: Types.ObjectId, file: DiskFile, fingerprint: string): Record<string, unknown> {
    return {
      libraryId: scan.libraryId,
      collectionId,
      relativePath: file.relativePath,
      size: file.size,
      mtimeMs: file.mtimeMs,
      fingerprint,
      format: extname(file.relativePath).slice(1).toLowerCase(),
      scan: { insertedInJob: scan.jobId, missingInJob: null, renderInJob: scan.jobId },
    };
  }

  private async write(operations: ImageWrite[]): Promise<void> {
    if (operations.length === 0) return;
    try {
      await this.images.bulkWrite<Record<string, unknown>>(operations, { ordered: false });
    } catch (error) {
      // A row already at that path (a redelivered scan racing itself) is the outcome we wanted.
      if (!duplicatePositions(error)) throw error;
    }
  }

  private async fingerprintAll(files: DiskFile[]): Promise<Array<{ file: DiskFile; fingerprint: string }>> {
    const results: Array<{ file: DiskFile; fingerprint: string }> = [];
    for (let start = 0; start < files.length; start += FINGERPRINT_CONCURRENCY) {
      const chunk = files.slice(start, start + FINGERPRINT_CONCURRENCY);
      const fingerprints = await Promise.all(chunk.map((file) => this.fingerprint(file)));
      chunk.forEach((file, index) => {
        const fingerprint = fingerprints[index];
        if (fingerprint) results.push({ file, fingerprint });
      });
    }
    return results;
  }

  /** Undefined when the file vanished or became unreadable since the listing; the next scan sees it again. */
  private async fingerprint(file: DiskFile): Promise<string | undefined> {
    try {
      return await fingerprintFile(file.absolutePath, this.env.SCAN_FINGERPRINT_BYTES);
    } catch (error) {
      this.logger.warn(`cannot read ${file.relativePath}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }
}

function changedFields(scan: ScanContext, file: DiskFile, fingerprint: string): Record<string, unknown> {
  return {
    size: file.size,
    mtimeMs: file.mtimeMs,
    fingerprint,
    deletedAt: null,
    'scan.missingInJob': null,
    'scan.renderInJob': scan.jobId,
  };
}
