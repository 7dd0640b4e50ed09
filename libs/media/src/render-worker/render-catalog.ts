import { DerivativeKind, JobStatus } from '@mediaflow/contracts';
import { BackgroundJob, derivativeId, Image, ImageDerivative, ImageMetadata, Library, isDuplicateKeyError, unorderedBulkWrite } from '@mediaflow/persistence';
import { Injectable, Optional } from '@nestjs/common';
import DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { takenAtInstant, type MediaMetadata } from '../metadata/media-metadata';
import { mediaKindOf } from '../sources/media-kind';
import { GatheringWindow, WorkInProgress } from './gathering-window';

export interface RenderImage {
  id: string;
  libraryId: string;
  collectionId: string;
  relativePath: string;
  fingerprint: string | null;
  deleted: boolean;
}

/** What the worker last recorded for one kind of an image, whatever fingerprint it was made from. */
export type RecordedDerivative = Pick<ImageDerivative, 'state' | 'sourceFingerprint' | 'path'>;

/** What recording a derivative did: `current` is false when the image changed or went meanwhile (the write was undone). */
export interface RecordOutcome {
  current: boolean;
  /** The file of the record this write replaced, when it was another one (an older fingerprint's). */
  replacedPath: string | null;
}

/** The outcome to record: everything of an ImageDerivative but its keys and timestamp. */
export type DerivativeRecord = Pick<ImageDerivative, 'state' | 'reason' | 'path' | 'bytes' | 'width' | 'height'>;

export interface RenderLibrary {
  id: string;
  rootPath: string;
}

/**
 * What a render worker reads and writes in the store. The worker of a kind is the only writer of that
 * kind's `image_derivatives` documents, so its writes never race the other kind's (on FerretDB an update
 * overwrites the whole document, which is why derivative state is not kept in the image document).
 */
/** How long a job's "cancelled?" answer is reused. */
export const CANCEL_CHECK_TTL_MS = 1_000;
const CACHED_JOBS = 1_000;
const CACHED_LIBRARIES = 1_000;
/**
 * How long the check after a derivative's write waits for others to read with it. Renders end one by one (a
 * cache worker ends ~7 a second, a thumbnail worker ~15), so a check read at once goes out alone; the item's
 * report waits up to RENDER_REPORT_LINGER_MS (1 s) anyway, and no render slot waits on the check. A batch
 * goes out sooner once every request in progress has joined it (GatheringWindow): a lone request never waits.
 */
export const CURRENT_CHECK_WINDOW_MS = 200;

/** DataLoader options of the gathered calls: no cache, at most 100 a batch (their schedule is a GatheringWindow's). */
const GATHERED = { cache: false, maxBatchSize: 100 };

/** One image's metadata write: the fields set on its record (ImageMetadata, _id = the image's). */
interface MetadataWrite {
  imageId: string;
  fields: Record<string, unknown>;
}

@Injectable()
export class RenderCatalog {
  // Both are read through `fetch`, which gives concurrent callers of one key the same read: a worker's
  // requests arrive in bursts (the broker sends a burst when a batch of reports is acked), and each of a
  // burst would otherwise read the job (and its parent) itself whenever the cached answer had lapsed.
  private readonly cancelled = new LRUCache<string, boolean>({
    max: CACHED_JOBS,
    ttl: CANCEL_CHECK_TTL_MS,
    fetchMethod: (jobId) => this.readJobCancelled(jobId),
  });
  private readonly rootPaths = new LRUCache<string, string>({
    max: CACHED_LIBRARIES,
    // undefined (no such library) is not kept, so a library made later under a known id is not missed.
    fetchMethod: async (libraryId) => (await this.libraries.findById(libraryId, { rootPath: 1 }).lean())?.rootPath,
    // A library forgotten (deleted) while its root is read aborts that read: its callers get undefined, the
    // library is gone, instead of the abort's error, and what the read returns is not kept.
    allowStaleOnFetchAbort: true,
  });

  // A burst of requests (see above) each read their image first: the reads issued in one tick go out as one
  // find by _id ($in). Nothing is cached: every request reads its image as it is now.
  private readonly imageReads = new DataLoader<string, RenderImage | null>((ids) => this.readImages(ids), { cache: false, maxBatchSize: 100 });
  // The check after each write (recordDerivative) reads the image again, gathered over CURRENT_CHECK_WINDOW_MS.
  private readonly currentWindow: GatheringWindow;
  private readonly currentReads: DataLoader<string, RenderImage | null>;
  // The thumbnail-worker's metadata writes, gathered the same way (one per render, before its record): one bulk write.
  private readonly metadataWindow: GatheringWindow;
  private readonly metadataWrites: DataLoader<MetadataWrite, void>;

  constructor(
    @InjectModel(Image.name) private readonly images: Model<Image>,
    @InjectModel(ImageDerivative.name) private readonly derivatives: Model<ImageDerivative>,
    @InjectModel(ImageMetadata.name) private readonly metadata: Model<ImageMetadata>,
    @InjectModel(Library.name) private readonly libraries: Model<Library>,
    @InjectModel(BackgroundJob.name) private readonly jobs: Model<BackgroundJob>,
    @Optional() work?: WorkInProgress,
  ) {
    this.currentWindow = new GatheringWindow(CURRENT_CHECK_WINDOW_MS, work);
    this.currentReads = new DataLoader((ids) => this.readImages(ids), { ...GATHERED, batchScheduleFn: this.currentWindow.schedule });
    this.metadataWindow = new GatheringWindow(CURRENT_CHECK_WINDOW_MS, work);
    this.metadataWrites = new DataLoader((writes) => this.writeMetadata(writes), { ...GATHERED, batchScheduleFn: this.metadataWindow.schedule });
  }

  async findImage(imageId: string): Promise<RenderImage | null> {
    return this.imageReads.load(imageId);
  }

  private async readImages(imageIds: readonly string[]): Promise<Array<RenderImage | null>> {
    const filter = { _id: { $in: imageIds.map((id) => new Types.ObjectId(id)) } };
    const docs = await this.images.find(filter, { libraryId: 1, collectionId: 1, relativePath: 1, fingerprint: 1, deletedAt: 1 }).lean();
    const found = new Map(
      docs.map((doc) => [
        String(doc._id),
        {
          id: String(doc._id),
          libraryId: String(doc.libraryId),
          collectionId: String(doc.collectionId),
          relativePath: doc.relativePath,
          fingerprint: doc.fingerprint ?? null,
          deleted: doc.deletedAt != null,
        },
      ]),
    );
    return imageIds.map((id) => found.get(id.toLowerCase()) ?? null);
  }

  async findDerivative(imageId: string, kind: DerivativeKind): Promise<RecordedDerivative | null> {
    return this.derivatives.findById(derivativeId(imageId, kind), { state: 1, sourceFingerprint: 1, path: 1 }).lean<RecordedDerivative>();
  }

  /** Kept once read: a library's rootPath never changes (a new root is a new library); forgotten when it is deleted. */
  async findLibrary(libraryId: string): Promise<RenderLibrary | null> {
    const rootPath = await this.rootPaths.fetch(libraryId);
    return rootPath === undefined ? null : { id: libraryId, rootPath };
  }

  forgetLibraryRoot(libraryId: string): void {
    this.rootPaths.delete(libraryId);
  }

  /**
   * The job, or the parent it rolls up into, was cancelled: its remaining work is not wanted. The answer
   * is reused for CANCEL_CHECK_TTL_MS, so a cancel reaches a busy worker within that much more time, and
   * a burst of one job's requests costs one or two reads instead of one or two per image.
   */
  async isJobCancelled(jobId: string): Promise<boolean> {
    return (await this.cancelled.fetch(jobId)) === true;
  }

  private async readJobCancelled(jobId: string): Promise<boolean> {
    const job = await this.jobs.findById(jobId, { status: 1, parentId: 1 }).lean();
    if (!job) return false;
    if (job.status === JobStatus.Cancelled) return true;
    if (!job.parentId) return false;
    const parent = await this.jobs.findById(job.parentId, { status: 1 }).lean();
    return parent?.status === JobStatus.Cancelled;
  }

  /**
   * Records the image's derivative of `kind`, made from `fingerprint`, while the image still has that
   * fingerprint and is not deleted; not `current` when it no longer does (the result is stale).
   *
   * The write comes first and the image is checked after it, once: when the image changed or went in the
   * meantime, the write is undone, so what it replaced comes back (the record of the image's newer content,
   * if a newer render finished first; nothing, if there was no record). The undo only takes effect while the
   * record is still this write's, so a writer that came later keeps its record. Checking before the write as
   * well cost a third store command per derivative and still left the same window open.
   */
  async recordDerivative(
    image: Pick<RenderImage, 'id' | 'libraryId' | 'relativePath'>,
    fingerprint: string,
    kind: DerivativeKind,
    record: DerivativeRecord,
  ): Promise<RecordOutcome> {
    const _id = derivativeId(image.id, kind);
    const fields = {
      ...record,
      imageId: new Types.ObjectId(image.id),
      kind,
      libraryId: new Types.ObjectId(image.libraryId),
      // The library overview counts derivatives by the kind of their source, without a join to images.
      mediaKind: mediaKindOf(image.relativePath),
      sourceFingerprint: fingerprint,
      updatedAt: new Date(),
    };
    const replaced = await this.upsert({ _id }, fields);
    if (await this.isCurrent(image.id, fingerprint)) {
      return { current: true, replacedPath: replaced?.path && replaced.path !== fields.path ? replaced.path : null };
    }
    const stillThisWrite = { _id, sourceFingerprint: fingerprint, updatedAt: fields.updatedAt, path: fields.path };
    if (replaced) await this.derivatives.replaceOne(stillThisWrite, replaced);
    else await this.derivatives.deleteOne(stillThisWrite);
    return { current: false, replacedPath: null };
  }

  /**
   * Records what the render read about the image's content of `fingerprint` (the thumbnail-worker is the
   * only writer, so an upsert by _id cannot race another writer of it). A record of older content is
   * simply replaced; the API ignores one whose fingerprint is not the image's. Written with the others of
   * the next CURRENT_CHECK_WINDOW_MS (writeMetadata); resolves once it is stored.
   */
  async recordMetadata(image: Pick<RenderImage, 'id' | 'libraryId' | 'collectionId'>, fingerprint: string, metadata: MediaMetadata): Promise<void> {
    const fields = {
      ...metadata,
      libraryId: new Types.ObjectId(image.libraryId),
      collectionId: new Types.ObjectId(image.collectionId),
      sourceFingerprint: fingerprint,
      takenAtSort: takenAtInstant(metadata.takenAt),
      updatedAt: new Date(),
    };
    const written = this.metadataWrites.load({ imageId: image.id, fields });
    this.metadataWindow.joined();
    await written;
  }

  /**
   * The gathered metadata writes as one unordered bulk upsert by _id. Each write's fields are first checked
   * by the schema (bulk writes run no update validators), so an invalid one fails only its own request. One
   * refused as a duplicate key (two deliveries of one request racing to create the record; on MongoDB too)
   * is sent again as an update: the record exists by then. Any other error fails them all (and is retried).
   */
  private async writeMetadata(writes: readonly MetadataWrite[]): Promise<Array<void | Error>> {
    const checks = await Promise.allSettled(writes.map(({ fields }) => this.metadata.validate(fields, Object.keys(fields))));
    const valid = writes.filter((_, index) => checks[index]!.status === 'fulfilled');
    const update = ({ imageId, fields }: MetadataWrite, upsert: boolean) => ({
      updateOne: { filter: { _id: new Types.ObjectId(imageId) }, update: { $set: fields }, upsert },
    });
    const refused = await unorderedBulkWrite(this.metadata, valid.map((write) => update(write, true)));
    if (refused.size > 0) await unorderedBulkWrite(this.metadata, [...refused].map((index) => update(valid[index]!, false)));
    return checks.map((check) => (check.status === 'rejected' ? asError(check.reason) : undefined));
  }

  /** The fingerprint of the content the image's metadata was read from; null when none was recorded. */
  async metadataFingerprint(imageId: string): Promise<string | null> {
    const doc = await this.metadata.findById(imageId, { sourceFingerprint: 1 }).lean();
    return doc?.sourceFingerprint ?? null;
  }

  /** Forgets the metadata of purged images (thumbnail-worker only: it owns those records). */
  async forgetMetadata(libraryId: string, imageIds: string[]): Promise<void> {
    await this.metadata.deleteMany({ _id: { $in: imageIds.map((id) => new Types.ObjectId(id)) }, libraryId: new Types.ObjectId(libraryId) });
  }

  /** Forgets the metadata of a deleted library. */
  async forgetLibraryMetadata(libraryId: string): Promise<void> {
    await this.metadata.deleteMany({ libraryId: new Types.ObjectId(libraryId) });
  }

  /** Forgets this kind's records of the images (their files are purged). */
  async forgetImages(kind: DerivativeKind, libraryId: string, imageIds: string[]): Promise<number> {
    const ids = imageIds.map((id) => new Types.ObjectId(id));
    const { deletedCount } = await this.derivatives.deleteMany({ libraryId: new Types.ObjectId(libraryId), kind, imageId: { $in: ids } });
    return deletedCount;
  }

  /** Forgets this kind's records of a deleted library. */
  async forgetLibrary(kind: DerivativeKind, libraryId: string): Promise<number> {
    const { deletedCount } = await this.derivatives.deleteMany({ libraryId: new Types.ObjectId(libraryId), kind });
    return deletedCount;
  }

  /**
   * Whether the image still has this content. Read after the write, with the other checks of the next
   * CURRENT_CHECK_WINDOW_MS (one find by _id for all of them), and compared here.
   */
  private async isCurrent(imageId: string, fingerprint: string): Promise<boolean> {
    const read = this.currentReads.load(imageId);
    this.currentWindow.joined();
    const image = await read;
    return image !== null && image.fingerprint === fingerprint && !image.deleted;
  }

  /**
   * Upserts the record and returns it as it was before (null when there was none). Two deliveries of one
   * request racing to create the record can make the _id index refuse one insert (on MongoDB too); the
   * record then exists, so update it.
   */
  private async upsert(key: { _id: string }, fields: Record<string, unknown>): Promise<ImageDerivative | null> {
    const options = { runValidators: true, returnDocument: 'before' as const };
    try {
      return await this.derivatives.findOneAndUpdate(key, { $set: fields }, { ...options, upsert: true }).lean<ImageDerivative>();
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return this.derivatives.findOneAndUpdate(key, { $set: fields }, options).lean<ImageDerivative>();
    }
  }
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
