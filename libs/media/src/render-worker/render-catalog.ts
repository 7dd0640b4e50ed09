import { DerivativeKind, DerivativeState, JobStatus } from '@mediaflow/contracts';
import { BackgroundJob, Image, Library, type Derivative } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';

export interface RenderImage {
  id: string;
  libraryId: string;
  relativePath: string;
  fingerprint: string | null;
  deleted: boolean;
  derivative: Partial<Derivative>;
}

export interface RenderLibrary {
  id: string;
  rootPath: string;
}

/** Writes that find another writer's overwrite are repeated this many times before the message is retried. */
const RECORD_ATTEMPTS = 5;

/** What a render worker reads and writes in the store. */
@Injectable()
export class RenderCatalog {
  constructor(
    @InjectModel(Image.name) private readonly images: Model<Image>,
    @InjectModel(Library.name) private readonly libraries: Model<Library>,
    @InjectModel(BackgroundJob.name) private readonly jobs: Model<BackgroundJob>,
  ) {}

  async findImage(imageId: string, kind: DerivativeKind): Promise<RenderImage | null> {
    const doc = await this.images.findById(imageId).lean();
    if (!doc) return null;
    return {
      id: String(doc._id),
      libraryId: String(doc.libraryId),
      relativePath: doc.relativePath,
      fingerprint: doc.fingerprint ?? null,
      deleted: doc.deletedAt != null,
      derivative: doc.derivatives?.[kind] ?? {},
    };
  }

  async findLibrary(libraryId: string): Promise<RenderLibrary | null> {
    const doc = await this.libraries.findById(libraryId, { rootPath: 1 }).lean();
    return doc ? { id: String(doc._id), rootPath: doc.rootPath } : null;
  }

  /** The job, or the parent it rolls up into, was cancelled: its remaining work is not wanted. */
  async isJobCancelled(jobId: string): Promise<boolean> {
    const job = await this.jobs.findById(jobId, { status: 1, parentId: 1 }).lean();
    if (!job) return false;
    if (job.status === JobStatus.Cancelled) return true;
    if (!job.parentId) return false;
    const parent = await this.jobs.findById(job.parentId, { status: 1 }).lean();
    return parent?.status === JobStatus.Cancelled;
  }

  /**
   * Sets the image's derivative of `kind`, only while the image still has `fingerprint` and is not
   * deleted; false when it no longer does (the result is stale).
   *
   * On FerretDB an update is "find, then overwrite the whole document by _id", so the other render
   * worker setting its own derivative of the same image at the same moment can silently undo ours.
   * Hence write, read back, and write again if ours is gone. This catches the usual short overlap but
   * not a conflicting update that started before ours and lands after our read-back (measured: with
   * 80 simultaneous cross-connection writes on FerretDB/SQLite a few in 40 images still lost one kind).
   * A lost record heals on the next request for the image: the file at its fingerprint's path exists,
   * so RenderRequestService restores the record without rendering. On MongoDB $set is atomic per path.
   */
  async recordDerivative(imageId: string, fingerprint: string, kind: DerivativeKind, derivative: Derivative): Promise<boolean> {
    for (let attempt = 1; attempt <= RECORD_ATTEMPTS; attempt += 1) {
      const { matchedCount } = await this.images.updateOne(
        { _id: imageId, fingerprint, deletedAt: null },
        { $set: { [`derivatives.${kind}`]: derivative } },
      );
      if (matchedCount === 0) return false;
      const image = await this.findImage(imageId, kind);
      if (!image || image.deleted || image.fingerprint !== fingerprint) return false;
      if (landed(image.derivative, derivative, fingerprint)) return true;
    }
    throw new Error(`image ${imageId}: ${kind} derivative state kept being overwritten by concurrent writers`);
  }
}

/** Ours is stored, or an equally good result for the same source (a duplicate delivery rendered it too). */
function landed(stored: Partial<Derivative>, ours: Derivative, fingerprint: string): boolean {
  if (stored.updatedAt instanceof Date && ours.updatedAt && stored.updatedAt.getTime() === ours.updatedAt.getTime()) return true;
  return stored.state === DerivativeState.Ready && stored.sourceFingerprint === fingerprint;
}
