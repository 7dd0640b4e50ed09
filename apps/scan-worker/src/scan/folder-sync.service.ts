import { ScanMode } from '@mediaflow/contracts';
import { mediaKindOf } from '@mediaflow/media';
import { Image, insertPrepared, unorderedBulkWrite } from '@mediaflow/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { extname } from 'node:path';
import { Types, type AnyBulkWriteOperation, type Model } from 'mongoose';
import { ScanWorkerEnv } from '../config/scan-worker.env';
import { pathInLibrary, type DiskFile } from '../walk/library-walker';
import { forEachConcurrently } from '../walk/bounded-concurrency';
import { ChildJobsService } from './child-jobs.service';
import { DerivativeReadinessService } from './derivative-readiness.service';
import { Fingerprints } from './fingerprinter';
import { diffFolder, scopeDiff } from './folder-differ';
import type { StoredFolder, StoredImage } from './folder-window-store.service';
import type { ScanContext } from './scan-context';

/** Files read at once once a scan's fingerprints go through the thread pool (Fingerprints). */
const FINGERPRINT_CONCURRENCY = 8;

/** A new image row; the id is made here so a watch batch knows what it inserted without reading it back. */
type NewImage = Record<string, unknown> & { _id: Types.ObjectId; fingerprint: string };

/** Bulk writes typed loosely: inserts carry only the fields a scan knows, the schema fills the rest. */
type ImageWrite = AnyBulkWriteOperation<Record<string, unknown>>;

export interface FolderSyncResult {
  collectionId: Types.ObjectId;
  /** Images of the folder this scan owes render requests (before move matching). */
  renderWork: number;
  /** Those images, with the fingerprint to render (watch batches dispatch them without a query). */
  owedRenders: OwedRender[];
  /** Live images of the folder it marked missing in this scan. */
  missing: number;
  /** Live images at the folder's listed files once the sync is written (missing ones not counted). */
  liveImages: number;
  /** Rows it inserted (each also counted in renderWork). */
  inserted: number;
  /** Every listed file is now reflected in the store (none vanished or became unreadable meanwhile). */
  settled: boolean;
}

export interface OwedRender {
  _id: Types.ObjectId;
  fingerprint: string;
}

/**
 * Brings one folder's images in line with its listing (its collection and stored images are read by
 * FolderWindowStore, a window of folders at a time), in a handful of bulk writes:
 * new files are inserted, changed ones updated, vanished ones marked missing in this scan. Images owed
 * renders are marked for the render phase after the walk. Derivative records are never touched here: one
 * made from an older fingerprint is simply not ready for the image any more.
 */
@Injectable()
export class FolderSyncService {
  private readonly logger = new Logger(FolderSyncService.name);

  constructor(
    @InjectModel(Image.name) private readonly images: Model<Image>,
    @Inject(ScanWorkerEnv) private readonly env: ScanWorkerEnv,
    private readonly childJobs: ChildJobsService,
    private readonly readiness: DerivativeReadinessService,
  ) {}

  async sync(scan: ScanContext, { folder, collectionId, images: stored }: StoredFolder): Promise<FolderSyncResult> {
    const whole = diffFolder(folder.files, stored);
    const diff = scan.inScope ? scopeDiff(whole, scan.inScope) : { ...whole, untouchedLive: 0 };
    const full = scan.mode === ScanMode.Full;

    const added = await this.fingerprintAll(scan, diff.added);
    const changed = await this.fingerprintAll(scan, diff.changed.map((pair) => pair.file));
    const allFingerprinted = added.length === diff.added.length && changed.length === diff.changed.length;
    const changedIds = new Map(diff.changed.map((pair) => [pair.file.relativePath, pair.image._id]));
    const toCheck: StoredImage[] = [];
    const alreadyOwed: OwedRender[] = [];
    for (const { file, image } of diff.unchanged) {
      const fingerprint = full ? await this.fingerprint(scan, file) : image.fingerprint;
      if (full && fingerprint && fingerprint !== image.fingerprint) {
        changed.push({ file, fingerprint });
        changedIds.set(file.relativePath, image._id);
      } else if (image.scan?.renderInJob?.equals(scan.jobId)) {
        if (image.fingerprint) alreadyOwed.push({ _id: image._id, fingerprint: image.fingerprint }); // marked by an earlier delivery
      } else if (full) {
        toCheck.push(image);
      }
    }
    const notReady = await this.readiness.notReady(toCheck);
    const renderOnly = notReady.map((image) => image._id);

    const inserts = added.map(({ file, fingerprint }) => this.newImage(scan, collectionId, file, fingerprint));
    const operations: ImageWrite[] = [
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
    // Rows built here whole: inserted without a mongoose document each (most of a first scan's CPU otherwise).
    const duplicates = await insertPrepared(this.images, inserts);
    await this.write(operations);

    const owedRenders: OwedRender[] = [
      ...inserts.filter((_, index) => !duplicates.has(index)).map(({ _id, fingerprint }) => ({ _id, fingerprint })),
      ...changed.flatMap(({ file, fingerprint }) => {
        const id = changedIds.get(file.relativePath);
        return id ? [{ _id: id, fingerprint }] : [];
      }),
      ...alreadyOwed,
      ...notReady.flatMap((image) => (image.fingerprint ? [{ _id: image._id, fingerprint: image.fingerprint }] : [])),
    ];
    const renderWork = added.length + changed.length + renderOnly.length + alreadyOwed.length;
    // A changed file that could not be fingerprinted leaves its row as it was: live only if it was.
    const rewritten = new Set(changed.map(({ file }) => file.relativePath));
    const changedLive = diff.changed.filter(({ file, image }) => rewritten.has(file.relativePath) || image.deletedAt === null).length;
    const liveImages = diff.unchanged.length + changedLive + inserts.length + diff.untouchedLive;
    // The child exists before the folder is reported, so the parent can never look finished without it.
    if (full && renderWork > 0) await this.childJobs.ensureChild(scan, collectionId, folder.relativePath);
    return {
      collectionId,
      renderWork,
      owedRenders,
      missing: diff.missing.length,
      liveImages,
      inserted: inserts.length - duplicates.size,
      settled: allFingerprinted && duplicates.size === 0,
    };
  }

  private newImage(scan: ScanContext, collectionId: Types.ObjectId, file: DiskFile, fingerprint: string): NewImage {
    return {
      _id: new Types.ObjectId(),
      libraryId: scan.libraryId,
      collectionId,
      relativePath: file.relativePath,
      size: file.size,
      mtimeMs: file.mtimeMs,
      fingerprint,
      format: extname(file.relativePath).slice(1).toLowerCase(),
      mediaKind: mediaKindOf(file.relativePath),
      scan: { insertedInJob: scan.jobId, missingInJob: null, renderInJob: scan.jobId },
    };
  }

  /** The updates of changed and missing rows (by _id: no unique key they could collide on). */
  private async write(operations: ImageWrite[]): Promise<void> {
    await unorderedBulkWrite(this.images as unknown as Model<Record<string, unknown>>, operations);
  }

  /** The files' fingerprints, in the files' order; a file that could not be read is left out. */
  private async fingerprintAll(scan: ScanContext, files: DiskFile[]): Promise<Array<{ file: DiskFile; fingerprint: string }>> {
    const fingerprints = new Map<DiskFile, string>();
    await forEachConcurrently(files, FINGERPRINT_CONCURRENCY, async (file) => {
      const fingerprint = await this.fingerprint(scan, file);
      if (fingerprint) fingerprints.set(file, fingerprint);
    });
    return files.flatMap((file) => {
      const fingerprint = fingerprints.get(file);
      return fingerprint ? [{ file, fingerprint }] : [];
    });
  }

  /** Undefined when the file vanished or became unreadable since the listing; the next scan sees it again. */
  private async fingerprint(scan: ScanContext, file: DiskFile): Promise<string | undefined> {
    scan.fingerprints ??= new Fingerprints(this.env.SCAN_FINGERPRINT_BYTES);
    try {
      return await scan.fingerprints.of(pathInLibrary(scan.rootPath, file.relativePath));
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
    // Also gives a row written before mediaKind existed its kind (the library overview counts by it).
    mediaKind: mediaKindOf(file.relativePath),
    deletedAt: null,
    'scan.missingInJob': null,
    'scan.renderInJob': scan.jobId,
  };
}
