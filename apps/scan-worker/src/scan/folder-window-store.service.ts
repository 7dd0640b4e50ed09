import { ScanMode } from '@mediaflow/contracts';
import { FolderListing, Image, MediaCollection, unorderedBulkWrite } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import type { WalkedFolder } from '../walk/library-walker';
import { listingDigest } from '../walk/listing-digest';
import type { ScanContext } from './scan-context';
import { pages } from './store-pages';

export type StoredImage = Pick<Image, 'relativePath' | 'size' | 'mtimeMs' | 'fingerprint' | 'deletedAt' | 'scan'> & {
  _id: Types.ObjectId;
};

/** A walked folder with its collection and that collection's image rows (live or soft-deleted). */
export interface StoredFolder {
  folder: WalkedFolder;
  collectionId: Types.ObjectId;
  images: StoredImage[];
  /** The digest of the folder's listing (listing-digest). */
  listing: string;
  /**
   * An incremental scan of the whole library found the listing an earlier scan recorded: nothing to
   * sync, and `images` was not read. Never set for a listing recorded by this same job (an earlier
   * delivery that may not have finished) or in a watch batch.
   */
  current: boolean;
  /** The collection was created or revived for this folder. */
  fresh: boolean;
  /** The collection's image count as read (as created: the folder's files); a sync that leaves it so need not write it. */
  storedImageCount: number;
}

/** A folder a scan brought in line with its listing, to record once the scan's changes are written. */
export interface SyncedListing {
  collectionId: Types.ObjectId;
  listing: string;
}

export type StoredCollection = Pick<MediaCollection, 'relativePath' | 'deletedAt' | 'imageCount'> & Partial<Pick<MediaCollection, 'createdAt'>> & {
  _id: Types.ObjectId;
  /** Its recorded listing (folder_listings), read only by a whole-library walk. */
  listing?: Pick<FolderListing, 'digest' | 'jobId'>;
};

const COLLECTION_FIELDS = { relativePath: 1, deletedAt: 1, imageCount: 1 } as const;
/** A whole-library walk also keeps when each collection was made: the vanished-folder check reads it from memory. */
const LIBRARY_COLLECTION_FIELDS = { ...COLLECTION_FIELDS, createdAt: 1 } as const;
const LISTING_WRITE_BATCH = 500;

const IMAGE_FIELDS = { collectionId: 1, relativePath: 1, size: 1, mtimeMs: 1, fingerprint: 1, deletedAt: 1, scan: 1 } as const;

/**
 * Reads the store for a window of folders at once: their existing collections, one unordered insert for
 * the new ones, one write for those to revive, one query for all their images. A store that cannot use an
 * index for these filters (FerretDB's SQLite backend) then scans the images once per window instead of
 * once per folder; memory holds only the window's images. A walk of the whole library reads the library's
 * collections once, at its first window (one entry per folder, not per file), instead of once per window:
 * on such a store each of those reads scans every collection, which made the walk quadratic in folders.
 */
@Injectable()
export class FolderWindowStore {
  constructor(
    @InjectModel(MediaCollection.name) private readonly collections: Model<MediaCollection>,
    @InjectModel(Image.name) private readonly images: Model<Image>,
    @InjectModel(FolderListing.name) private readonly listings: Model<FolderListing>,
  ) {}

  /**
   * The folders' collections made to exist and be live (and seen, unless partial), with the images of
   * those whose listing is not current; in the folders' order. New collections have no images to read.
   */
  async load(scan: ScanContext, folders: readonly WalkedFolder[]): Promise<StoredFolder[]> {
    if (folders.length === 0) return [];
    const paths = folders.map((folder) => folder.relativePath);
    const listings = new Map(folders.map((folder) => [folder.relativePath, listingDigest(folder.files)]));
    const known = await this.findCollections(scan, paths);
    const { created, raced } = await this.createCollections(scan, folders.filter((folder) => !known.has(folder.relativePath)));
    for (const collection of raced) known.set(collection.relativePath, collection);
    const collections = [...known.values()];
    const current = new Set(collections.filter((collection) => isCurrent(scan, collection, listings.get(collection.relativePath))).map((collection) => collection.relativePath));
    await this.revive(collections);
    if (scan.partial) await this.forgetListings(collections);
    const images = await this.readImages(collections.filter((collection) => !current.has(collection.relativePath)).map((collection) => collection._id));
    return folders.map((folder) => {
      const stored = known.get(folder.relativePath);
      const collectionId = created.get(folder.relativePath) ?? stored?._id;
      if (!collectionId) throw new Error(`the collection of folder '${folder.relativePath}' was neither found nor created`);
      if (!scan.partial) scan.seenCollections.add(collectionId.toHexString());
      return {
        folder,
        collectionId,
        images: images.get(collectionId.toHexString()) ?? [],
        listing: listings.get(folder.relativePath) ?? '',
        current: current.has(folder.relativePath),
        fresh: stored === undefined || stored.deletedAt !== null,
        storedImageCount: stored === undefined ? folder.files.length : stored.imageCount,
      };
    });
  }

  /**
   * Records the listings a whole-library scan brought the store in line with, once its changes are
   * written (a scan refused by the outage guard records none), so the next incremental scan skips them.
   */
  async recordListings(scan: ScanContext, synced: readonly SyncedListing[]): Promise<void> {
    for (let start = 0; start < synced.length; start += LISTING_WRITE_BATCH) {
      const batch = synced.slice(start, start + LISTING_WRITE_BATCH);
      await this.listings.deleteMany({ _id: { $in: batch.map(({ collectionId }) => collectionId) } });
      // A record refused as a duplicate was written meanwhile by a concurrent scan of the same folder.
      await unorderedBulkWrite(
        this.listings,
        batch.map(({ collectionId, listing }) => ({ insertOne: { document: { _id: collectionId, libraryId: scan.libraryId, digest: listing, jobId: scan.jobId } } })),
      );
    }
  }

  /** A watch batch syncs only its own paths: the folders' recorded listings no longer hold. */
  private async forgetListings(collections: readonly StoredCollection[]): Promise<void> {
    if (collections.length === 0) return;
    await this.listings.deleteMany({ _id: { $in: collections.map((collection) => collection._id) } });
  }

  private async findCollections(scan: ScanContext, paths: string[]): Promise<Map<string, StoredCollection>> {
    if (!scan.partial) {
      scan.collectionsByPath ??= await this.readLibraryCollections(scan);
      const byPath = scan.collectionsByPath;
      return new Map(paths.flatMap((path) => {
        const collection = byPath.get(path);
        return collection ? [[path, collection] as const] : [];
      }));
    }
    return this.queryCollections(scan, paths);
  }

  private async readLibraryCollections(scan: ScanContext): Promise<Map<string, StoredCollection>> {
    // Only an incremental scan trusts recorded listings (isCurrent); a full scan does not read them.
    const listings = new Map<string, Pick<FolderListing, 'digest' | 'jobId'>>();
    if (scan.mode === ScanMode.Incremental) {
      for await (const page of pages(this.listings, { libraryId: scan.libraryId }, { digest: 1, jobId: 1 })) {
        for (const { _id, digest, jobId } of page) listings.set(_id.toHexString(), { digest, jobId });
      }
    }
    const byPath = new Map<string, StoredCollection>();
    for await (const page of pages(this.collections, { libraryId: scan.libraryId }, LIBRARY_COLLECTION_FIELDS)) {
      for (const { _id, relativePath, deletedAt, imageCount, createdAt } of page) {
        byPath.set(relativePath, { _id, relativePath, deletedAt, imageCount, createdAt, listing: listings.get(_id.toHexString()) });
      }
    }
    return byPath;
  }

  private async queryCollections(scan: ScanContext, paths: string[]): Promise<Map<string, StoredCollection>> {
    const found = await this.collections
      .find({ libraryId: scan.libraryId, relativePath: { $in: paths } }, COLLECTION_FIELDS)
      .lean<StoredCollection[]>();
    return new Map(found.map((collection) => [collection.relativePath, collection]));
  }

  /**
   * Inserts the new folders' collections, already seen by this scan. A path the unique (library, path)
   * index refuses was created meanwhile by a concurrent scan or watch batch: it is read back instead.
   */
  private async createCollections(scan: ScanContext, folders: WalkedFolder[]): Promise<{ created: Map<string, Types.ObjectId>; raced: StoredCollection[] }> {
    if (folders.length === 0) return { created: new Map(), raced: [] };
    // Counted as listed: the scan's recount then writes only the few whose files could not all be indexed.
    const documents = folders.map((folder) => ({
      _id: new Types.ObjectId(),
      libraryId: scan.libraryId,
      relativePath: folder.relativePath,
      imageCount: folder.files.length,
      deletedAt: null,
    }));
    const refused = await unorderedBulkWrite(
      this.collections,
      documents.map((document) => ({ insertOne: { document } })),
    );
    const created = new Map(documents.filter((_, index) => !refused.has(index)).map((document) => [document.relativePath, document._id]));
    if (refused.size === 0) return { created, raced: [] };
    const racedPaths = documents.filter((_, index) => refused.has(index)).map((document) => document.relativePath);
    return { created, raced: [...(await this.queryCollections(scan, racedPaths)).values()] };
  }

  /** Revives soft-deleted collections; the only collection writes left here (a walk notes what it found in memory). */
  private async revive(collections: StoredCollection[]): Promise<void> {
    const update = { deletedAt: null };
    const stale = collections.filter((collection) => collection.deletedAt !== null);
    // One write per document by _id: the one filter every store answers from an index.
    await unorderedBulkWrite(
      this.collections,
      stale.map((collection) => ({ updateOne: { filter: { _id: collection._id }, update: { $set: update } } })),
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

function isCurrent(scan: ScanContext, collection: StoredCollection, listing: string | undefined): boolean {
  return (
    scan.mode === ScanMode.Incremental &&
    !scan.partial &&
    collection.deletedAt === null &&
    collection.listing !== undefined &&
    collection.listing.digest === listing &&
    !collection.listing.jobId.equals(scan.jobId)
  );
}
