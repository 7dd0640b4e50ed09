import { LibraryStatus } from '@mediaflow/contracts';
import { Library, MediaCollection, unorderedBulkWrite } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import type { ScanContext } from './scan-context';
import { pages } from './store-pages';

export interface SyncedCollection {
  collectionId: Types.ObjectId;
  /** Its live images once the batch is applied. */
  liveImages: number;
  /** The count the collection held when it was read, if known: an unchanged count is not written again. */
  storedImageCount?: number;
}

/**
 * Keeps a library's collection and image counts after a scan or a watch batch. Each synced folder's count
 * is known from its sync, which read every row of its collection (folder-sync `liveImages`); moves leave
 * those counts as they are (the staged row in the new folder is replaced by the moved one), missing rows
 * were never counted, and vanished collections end with 0. The folders a scan did not sync (unchanged
 * listings, folders below an unreadable one, collections a watch batch created meanwhile) keep the count
 * they have. So no count reads the library's images: on FerretDB/SQLite a `$group` over them cost 14 s at
 * 100,000 images (each row decoded from its JSON), most of a full scan's time after the walk.
 */
@Injectable()
export class LibraryCountersService {
  constructor(
    @InjectModel(Library.name) private readonly libraries: Model<Library>,
    @InjectModel(MediaCollection.name) private readonly collections: Model<MediaCollection>,
  ) {}

  /** After a scan that changed something (or any full scan): the counts, and the library online and scanned now. */
  async refresh(scan: ScanContext, now: Date, synced: readonly SyncedCollection[]): Promise<void> {
    const totals = await this.writeCollectionCounts(scan.libraryId, synced);
    await this.libraries.updateOne(
      { _id: scan.libraryId },
      { $set: { ...totals, status: LibraryStatus.Online, statusReason: null, lastScanAt: now, lastScanJobId: scan.jobId } },
    );
  }

  /** A scan that changed nothing: the counts stand; the library is online and was scanned now. */
  async markScanned(scan: ScanContext, now: Date): Promise<void> {
    await this.libraries.updateOne(
      { _id: scan.libraryId },
      { $set: { status: LibraryStatus.Online, statusReason: null, lastScanAt: now, lastScanJobId: scan.jobId } },
    );
  }

  /** After a watch batch: the counts and status only, not the last scan. */
  async refreshAfterBatch(libraryId: Types.ObjectId, synced: readonly SyncedCollection[]): Promise<void> {
    const totals = await this.writeCollectionCounts(libraryId, synced);
    await this.libraries.updateOne({ _id: libraryId }, { $set: { ...totals, status: LibraryStatus.Online, statusReason: null } });
  }

  async setStatus(libraryId: Types.ObjectId, status: LibraryStatus, reason: string): Promise<void> {
    await this.libraries.updateOne({ _id: libraryId }, { $set: { status, statusReason: reason } });
  }

  /** Writes the synced collections' counts (by _id), then sums the library's live collections. */
  private async writeCollectionCounts(libraryId: Types.ObjectId, synced: readonly SyncedCollection[]): Promise<{ imageCount: number; collectionCount: number }> {
    await unorderedBulkWrite(
      this.collections,
      synced
        .filter(({ liveImages, storedImageCount }) => liveImages !== storedImageCount)
        .map(({ collectionId, liveImages }) => ({ updateOne: { filter: { _id: collectionId }, update: { $set: { imageCount: liveImages } } } })),
    );
    let imageCount = 0;
    let collectionCount = 0;
    for await (const page of pages(this.collections, { libraryId, deletedAt: null }, { imageCount: 1 })) {
      collectionCount += page.length;
      imageCount += page.reduce((sum, collection) => sum + (collection.imageCount ?? 0), 0);
    }
    return { imageCount, collectionCount };
  }
}
