import { LibraryStatus } from '@mediaflow/contracts';
import { Image, Library, MediaCollection } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AnyBulkWriteOperation, Model, Types } from 'mongoose';
import type { ScanContext } from './scan-context';
import { pages } from './store-pages';

/** Recounts a library's collections and images from the store after a scan and marks it online. */
@Injectable()
export class LibraryCountersService {
  constructor(
    @InjectModel(Library.name) private readonly libraries: Model<Library>,
    @InjectModel(MediaCollection.name) private readonly collections: Model<MediaCollection>,
    @InjectModel(Image.name) private readonly images: Model<Image>,
  ) {}

  /** `asScan` false (watch batches): the counts and status only, not the library's last scan. */
  async refresh(scan: ScanContext, now: Date, asScan = true): Promise<void> {
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
      if (updates.length > 0) await this.collections.bulkWrite(updates, { ordered: false });
    }
    await this.libraries.updateOne(
      { _id: scan.libraryId },
      {
        $set: {
          imageCount,
          collectionCount,
          status: LibraryStatus.Online,
          statusReason: null,
          ...(asScan ? { lastScanAt: now, lastScanJobId: scan.jobId } : {}),
        },
      },
    );
  }

  async setStatus(libraryId: Types.ObjectId, status: LibraryStatus, reason: string): Promise<void> {
    await this.libraries.updateOne({ _id: libraryId }, { $set: { status, statusReason: reason } });
  }
}
