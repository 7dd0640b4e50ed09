import { LibraryStatus } from '@mediaflow/contracts';
import { Image, Library, MediaCollection, unorderedBulkWrite } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AnyBulkWriteOperation, Model, Types } from 'mongoose';
import type { ScanContext } from './scan-context';
import { pages } from './store-pages';

export interface SyncedCollection {
  collectionId: Types.ObjectId;
  /** Its live images once the batch is applied. */
  liveImages: number;
}

/** Recounts a library's collections and images from the store after a scan and marks it online. */
@Injectable()
export class LibraryCountersService {
  constructor(
    @InjectModel(Library.name) private readonly libraries: Model<Library>,
    @InjectModel(MediaCollection.name) private readonly collections: Model<MediaCollection>,
    @InjectModel(Image.name) private readonly images: Model<Image>,
  ) {}

  async refresh(scan: ScanContext, now: Date): Promise<void> {
    // One row per collection: bounded by the number of folders, not files.
    const rows = await this.images.aggregate<{ _id: Types.ObjectId; count: number }>([
      { $match: { libraryId: scan.libraryId, deletedAt: null } },
      { $group: { _id: '$collectionId', count: { $sum: 1 } } },
    ]);
    const counts = new Map(rows.map((row) => [row._id.toHexString(), row.count]));
    let imageCount = 0;
    let collectionCount = 0;
    for await (const page of pages(this.collections, { libraryId: scan.libraryId, deletedAt: null }, { imageCount: 1 })) {
      const updates: Array<AnyBulkWriteOperation<MediaCollection>> = [];
      for (const collection of page) {
        const count = counts.get(collection._id.toHexString()) ?? 0;
        imageCount += count;
        collectionCount += 1;
        if (count !== collection.imageCount) {
          updates.push({ updateOne: { filter: { _id: collection._id }, update: { $set: { imageCount: count } } } });
        }
      }
      await unorderedBulkWrite(this.collections, updates);
    }
    await this.libraries.updateOne(
      { _id: scan.libraryId },
      {
        $set: {
          imageCount,
          collectionCount,
          status: LibraryStatus.Online,
          statusReason: null,
          lastScanAt: now,
          lastScanJobId: scan.jobId,
        },
      },
    );
  }

  /** A scan that changed nothing: the counts stand; the library is online and was scanned now. */
  async markScanned(scan: ScanContext, now: Date): Promise<void> {
    await this.libraries.updateOne(
      { _id: scan.libraryId },
      { $set: { status: LibraryStatus.Online, statusReason: null, lastScanAt: now, lastScanJobId: scan.jobId } },
    );
  }

  /**
   * After a watch batch, without reading the library's images (a scan of the largest collection on a
   * store that indexes only _id): each synced folder's count is known from its sync and written by _id,
   * the library's totals are summed from its collections. The counts and status only, not the last scan.
   */
  async refreshAfterBatch(libraryId: Types.ObjectId, synced: readonly SyncedCollection[]): Promise<void> {
    await unorderedBulkWrite(
      this.collections,
      synced.map(({ collectionId, liveImages }) => ({ updateOne: { filter: { _id: collectionId }, update: { $set: { imageCount: liveImages } } } })),
    );
    let imageCount = 0;
    let collectionCount = 0;
    for await (const page of pages(this.collections, { libraryId, deletedAt: null }, { imageCount: 1 })) {
      collectionCount += page.length;
      imageCount += page.reduce((sum, collection) => sum + (collection.imageCount ?? 0), 0);
    }
    await this.libraries.updateOne({ _id: libraryId }, { $set: { imageCount, collectionCount, status: LibraryStatus.Online, statusReason: null } });
  }

  async setStatus(libraryId: Types.ObjectId, status: LibraryStatus, reason: string): Promise<void> {
    await this.libraries.updateOne({ _id: libraryId }, { $set: { status, statusReason: reason } });
  }
}
