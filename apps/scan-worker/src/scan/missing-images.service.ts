import { RoutingKey } from '@mediaflow/contracts';
import { mediaKindOf } from '@mediaflow/media';
import { EventPublisher } from '@mediaflow/messaging';
import { Image, MediaCollection, unorderedBulkWrite } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { matchMoves } from './move-matcher';
import { isUnderUnreadable, type ScanContext } from './scan-context';
import type { StoredCollection } from './folder-window-store.service';
import { PAGE_SIZE, pages } from './store-pages';

const PURGE_BATCH_SIZE = 1_000;

/**
 * What happens to the images a scan did not find: folders that vanished, moves recognised by
 * fingerprint, and finally soft deletion with a purge of their derivatives. Every step pages through
 * the store, so memory stays bounded whatever the library's size.
 */
@Injectable()
export class MissingImagesService {
  constructor(
    @InjectModel(MediaCollection.name) private readonly collections: Model<MediaCollection>,
    @InjectModel(Image.name) private readonly images: Model<Image>,
    private readonly publisher: EventPublisher,
  ) {}

  /**
   * Live collections the walk did not find (folder gone, emptied or now excluded): their live images are
   * missing too. Collections created since the scan began (by a watch batch) and folders below one the walk
   * could not list are not. Returns the vanished ones' ids, to be soft-deleted if the deletions are allowed.
   */
  async markVanishedCollections(scan: ScanContext): Promise<Types.ObjectId[]> {
    const vanished: Types.ObjectId[] = [];
    for await (const page of this.liveCollections(scan)) {
      const ids = page.filter((collection) => hasVanished(scan, collection)).map((collection) => collection._id);
      if (ids.length === 0) continue;
      vanished.push(...ids);
      await this.markCollectionsMissing(scan, ids);
    }
    return vanished;
  }

  /**
   * The library's live collections, in pages: from the walk's own read of them when it made one (every folder
   * with files loads its window, and the first load reads the whole library's collections), so an unchanged
   * scan does not read them twice; otherwise from the store. One made after that read is not in it, and
   * could not have vanished either (it was made after the scan began).
   */
  private async *liveCollections(scan: ScanContext): AsyncGenerator<Array<Pick<StoredCollection, '_id' | 'relativePath' | 'createdAt'>>> {
    if (!scan.collectionsByPath) {
      yield* pages(this.collections, { libraryId: scan.libraryId, deletedAt: null }, { relativePath: 1, createdAt: 1 });
      return;
    }
    const live = [...scan.collectionsByPath.values()].filter((collection) => collection.deletedAt === null);
    for (let start = 0; start < live.length; start += PAGE_SIZE) yield live.slice(start, start + PAGE_SIZE);
  }

  /**
   * Watch batches: a folder with no supported files left (and, when the folder itself is gone, every
   * folder below it) has vanished; its live images are missing. Returns those collections' ids.
   */
  async markFolderVanished(scan: ScanContext, folder: string, withSubfolders: boolean): Promise<Types.ObjectId[]> {
    const path = withSubfolders ? { $or: [{ relativePath: folder }, { relativePath: { $regex: `^${escapeRegExp(folder)}/` } }] } : { relativePath: folder };
    const collections = await this.collections.find({ libraryId: scan.libraryId, deletedAt: null, ...path }, { _id: 1 }).lean();
    const ids = collections.map((collection) => collection._id);
    if (ids.length > 0) await this.markCollectionsMissing(scan, ids);
    return ids;
  }

  private async markCollectionsMissing(scan: ScanContext, ids: Types.ObjectId[]): Promise<void> {
    await this.images.updateMany({ collectionId: { $in: ids }, deletedAt: null }, { $set: { 'scan.missingInJob': scan.jobId } });
  }

  /** A new image with the fingerprint of a missing one is that image moved: the old row takes the new path. */
  async applyMoves(scan: ScanContext): Promise<number> {
    let moved = 0;
    const filter = { libraryId: scan.libraryId, 'scan.missingInJob': scan.jobId, deletedAt: null };
    for await (const missing of pages(this.images, filter, { fingerprint: 1 })) {
      const fingerprints = missing.flatMap((image) => (image.fingerprint ? [image.fingerprint] : []));
      if (fingerprints.length === 0) continue;
      const added = await this.images
        .find(
          { libraryId: scan.libraryId, 'scan.insertedInJob': scan.jobId, fingerprint: { $in: fingerprints } },
          { fingerprint: 1, collectionId: 1, relativePath: 1, size: 1, mtimeMs: 1 },
        )
        .lean();
      const moves = matchMoves(
        missing.map((image) => ({ id: image._id, fingerprint: image.fingerprint })),
        added.map((image) => ({ id: image._id, fingerprint: image.fingerprint })),
      );
      if (moves.length === 0) continue;
      const addedById = new Map(added.map((image) => [image._id.toHexString(), image]));
      // The staged rows go first: the unique (library, path) index would refuse the old row's new path.
      await this.images.deleteMany({ _id: { $in: moves.map((move) => move.addedId) } });
      const refused = await unorderedBulkWrite(
        this.images,
        moves.map(({ missingId, addedId }) => {
          const target = addedById.get(addedId.toHexString());
          return {
            updateOne: {
              filter: { _id: missingId },
              update: {
                $set: {
                  relativePath: target?.relativePath,
                  mediaKind: target ? mediaKindOf(target.relativePath) : undefined,
                  collectionId: target?.collectionId,
                  size: target?.size,
                  mtimeMs: target?.mtimeMs,
                  'scan.missingInJob': null,
                },
              },
            },
          };
        }),
      );
      if (refused.size > 0) throw new Error(`${refused.size} moved images collide with a row already at their new path; the scan is retried`);
      moved += moves.length;
    }
    return moved;
  }

  async countMissing(scan: ScanContext): Promise<number> {
    return this.images.countDocuments({ libraryId: scan.libraryId, 'scan.missingInJob': scan.jobId, deletedAt: null });
  }

  /** Live images the library had before this scan (those it inserted do not count). */
  async countLiveBefore(scan: ScanContext): Promise<number> {
    return this.images.countDocuments({ libraryId: scan.libraryId, deletedAt: null, 'scan.insertedInJob': { $ne: scan.jobId } });
  }

  async clearMarks(scan: ScanContext): Promise<void> {
    await this.images.updateMany({ libraryId: scan.libraryId, 'scan.missingInJob': scan.jobId }, { $set: { 'scan.missingInJob': null } });
  }

  /** Soft-deletes the missing images and the vanished collections, asking the render workers to purge. */
  async deleteMissing(scan: ScanContext, vanishedCollections: Types.ObjectId[], now: Date): Promise<number> {
    let deleted = 0;
    const filter = { libraryId: scan.libraryId, 'scan.missingInJob': scan.jobId, deletedAt: null };
    // Each round removes its rows from the filter, so taking the first page again walks them all.
    for (;;) {
      const batch = await this.images.find(filter, { _id: 1 }).limit(PURGE_BATCH_SIZE).lean();
      if (batch.length === 0) break;
      const ids = batch.map((image) => image._id);
      // Purge first: if the update is lost, the redelivered scan sends the purge again.
      await this.publisher.publish(RoutingKey.DerivativesPurgeRequested, {
        libraryId: scan.libraryId.toHexString(),
        imageIds: ids.map((id) => id.toHexString()),
      });
      await this.images.updateMany({ _id: { $in: ids } }, { $set: { deletedAt: now } });
      deleted += ids.length;
    }
    for (let start = 0; start < vanishedCollections.length; start += PAGE_SIZE) {
      const ids = vanishedCollections.slice(start, start + PAGE_SIZE);
      await this.collections.updateMany({ _id: { $in: ids } }, { $set: { deletedAt: now, imageCount: 0 } });
    }
    return deleted;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Not found by the walk, not made since the scan began (by a watch batch), and not below a folder the walk could not list. */
function hasVanished(scan: ScanContext, collection: Pick<StoredCollection, '_id' | 'relativePath' | 'createdAt'>): boolean {
  const createdSinceScan = collection.createdAt !== undefined && collection.createdAt > scan.startedAt;
  return !scan.seenCollections.has(collection._id.toHexString()) && !createdSinceScan && !isUnderUnreadable(scan, collection.relativePath);
}
