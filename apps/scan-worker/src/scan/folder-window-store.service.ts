import { Image, MediaCollection, duplicatePositions } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import type { WalkedFolder } from '../walk/library-walker';
import type { ScanContext } from './scan-context';

export type StoredImage = Pick<Image, 'relativePath' | 'size' | 'mtimeMs' | 'fingerprint' | 'deletedAt' | 'scan'> & {
  _id: Types.ObjectId;
};

/** A walked folder with its collection and that collection's image rows (live or soft-deleted). */
export interface StoredFolder {
  folder: WalkedFolder;
  collectionId: Types.ObjectId;
  images: StoredImage[];
}

type StoredCollection = Pick<MediaCollection, 'relativePath' | 'deletedAt' | 'seenInJob'> & { _id: Types.ObjectId };

const IMAGE_FIELDS = { collectionId: 1, relativePath: 1, size: 1, mtimeMs: 1, fingerprint: 1, deletedAt: 1, scan: 1 } as const;

/**
 * Reads the store for a window of folders at once: one query for their existing collections, one
 * unordered insert for the new ones, one write for those to mark seen or revive, one query for all their
 * images. A store that cannot use an index for these filters (FerretDB's SQLite backend) then scans
 * each collection once per window instead of once per folder; memory holds only the window's images.
 */
@Injectable()
export class FolderWindowStore {
  constructor(
    @InjectModel(MediaCollection.name) private readonly collections: Model<MediaCollection>,
    @InjectModel(Image.name) private readonly images: Model<Image>,
  ) {}

  /** The folders' collections made to exist and be live (and seen, unless partial), with their images; in the folders' order. */
  async load(scan: ScanContext, folders: readonly WalkedFolder[]): Promise<StoredFolder[]> {
    if (folders.length === 0) return [];
    const paths = folders.map((folder) => folder.relativePath);
    const known = await this.findCollections(scan, paths);
    const { created, raced } = await this.createCollections(scan, paths.filter((path) => !known.has(path)));
    for (const collection of raced) known.set(collection.relativePath, collection);
    await this.markSeen(scan, [...known.values()]);
    const images = await this.readImages([...known.values()].map((collection) => collection._id));
    return folders.map((folder) => {
      const collectionId = created.get(folder.relativePath) ?? known.get(folder.relativePath)?._id;
      if (!collectionId) throw new Error(`the collection of folder '${folder.relativePath}' was neither found nor created`);
      return { folder, collectionId, images: images.get(collectionId.toHexString()) ?? [] };
    });
  }

  private async findCollections(scan: ScanContext, paths: string[]): Promise<Map<string, StoredCollection>> {
    const found = await this.collections
      .find({ libraryId: scan.libraryId, relativePath: { $in: paths } }, { relativePath: 1, deletedAt: 1, seenInJob: 1 })
      .lean<StoredCollection[]>();
    return new Map(found.map((collection) => [collection.relativePath, collection]));
  }

  /**
   * Inserts the new folders' collections, already seen by this scan. A path the unique (library, path)
   * index refuses was created meanwhile by a concurrent scan or watch batch: it is read back instead.
   */
  private async createCollections(scan: ScanContext, paths: string[]): Promise<{ created: Map<string, Types.ObjectId>; raced: StoredCollection[] }> {
    if (paths.length === 0) return { created: new Map(), raced: [] };
    const documents = paths.map((relativePath) => ({ _id: new Types.ObjectId(), libraryId: scan.libraryId, relativePath, deletedAt: null, seenInJob: scan.jobId }));
    let refused = new Set<number>();
    try {
      await this.collections.bulkWrite(
        documents.map((document) => ({ insertOne: { document } })),
        { ordered: false },
      );
    } catch (error) {
      const duplicates = duplicatePositions(error);
      if (!duplicates) throw error;
      refused = duplicates;
    }
    const created = new Map(documents.filter((_, index) => !refused.has(index)).map((document) => [document.relativePath, document._id]));
    if (refused.size === 0) return { created, raced: [] };
    const racedPaths = documents.filter((_, index) => refused.has(index)).map((document) => document.relativePath);
    return { created, raced: [...(await this.findCollections(scan, racedPaths)).values()] };
  }

  /** Revives soft-deleted collections and, in a walk of the whole library, marks them seen by this scan. */
  private async markSeen(scan: ScanContext, collections: StoredCollection[]): Promise<void> {
    const update = scan.partial ? { deletedAt: null } : { deletedAt: null, seenInJob: scan.jobId };
    const stale = collections.filter((collection) => collection.deletedAt !== null || (!scan.partial && !collection.seenInJob?.equals(scan.jobId)));
    if (stale.length === 0) return;
    // One write per document by _id: the one filter every store answers from an index.
    await this.collections.bulkWrite(
      stale.map((collection) => ({ updateOne: { filter: { _id: collection._id }, update: { $set: update } } })),
      { ordered: false },
    );
  }

  private async readImages(collectionIds: Types.ObjectId[]): Promise<Map<string, StoredImage[]>> {
    const byCollection = new Map<string, StoredImage[]>();
    if (collectionIds.length === 0) return byCollection;
    const images = await this.images
      .find({ collectionId: { $in: collectionIds } }, IMAGE_FIELDS)
      .lean<Array<StoredImage & { collectionId: Types.ObjectId }>>();
    for (const { collectionId, ...image } of images) {
      const key = collectionId.toHexString();
      const group = byCollection.get(key);
      if (group) group.push(image);
      else byCollection.set(key, [image]);
    }
    return byCollection;
  }
}
