import type { DerivativeKind } from '@mediaflow/contracts';
import { derivativeId, idPage, Image, ImageDerivative, ImageMetadata, MediaCollection } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { ApiError } from '../http/api-error';
import { pageLimit, toPage, type Page, type PageQuery } from '../http/pagination';
import { LibrariesService } from '../libraries/libraries.service';
import type { ImageListQuery, MetadataRecord } from './image-metadata.dto';
import { toCollectionView, toImageView, type CollectionRecord, type CollectionView, type DerivativeRecord, type ImageRecord, type ImageView } from './media.dto';
import { afterReadCursor, parseTakenAtCursor, readCursor, restCursor, type TakenAtCursor } from './taken-at-page';

/** Reads collections and images; pages are ordered by _id so a cursor stays valid while scans add rows. */
@Injectable()
export class MediaQueryService {
  constructor(
    @InjectModel(MediaCollection.name) private readonly collections: Model<MediaCollection>,
    @InjectModel(Image.name) private readonly images: Model<Image>,
    @InjectModel(ImageDerivative.name) private readonly derivatives: Model<ImageDerivative>,
    @InjectModel(ImageMetadata.name) private readonly metadata: Model<ImageMetadata>,
    private readonly libraries: LibrariesService,
  ) {}

  async collectionsOf(libraryId: string, query: PageQuery): Promise<Page<CollectionView>> {
    await this.libraries.find(libraryId);
    const limit = pageLimit(query);
    const rows = await this.collections
      .find({ libraryId: new Types.ObjectId(libraryId), deletedAt: null, ...idPage(query.cursor, 'ascending') })
      .sort({ _id: 1 })
      .limit(limit + 1)
      .lean<CollectionRecord[]>();
    return toPage(rows, limit, toCollectionView);
  }

  async imagesOf(collectionId: string, query: ImageListQuery): Promise<Page<ImageView>> {
    const collection = await this.collections.findById(collectionId).lean<CollectionRecord>();
    if (!collection || collection.deletedAt) throw ApiError.notFound('COLLECTION_NOT_FOUND', `No collection with id ${collectionId}`);
    const limit = pageLimit(query);
    if (query.sort === 'takenAt') return this.imagesByTakenAt(collection._id, parseTakenAtCursor(query.cursor), limit);
    if (query.cursor && !Types.ObjectId.isValid(query.cursor)) throw ApiError.badRequest('INVALID_CURSOR', 'cursor belongs to another sort order');
    const rows = await this.images
      .find({ collectionId: collection._id, deletedAt: null, ...idPage(query.cursor, 'ascending') })
      .sort({ _id: 1 })
      .limit(limit + 1)
      .lean<ImageRecord[]>();
    const [records, metadata] = await this.detailsOf(rows.slice(0, limit));
    return toPage(rows, limit, (row) => toImageView(row, records, metadata));
  }

  /**
   * Oldest first: the images whose metadata was read, by (takenAt, id) from the metadata index, then the
   * ones not read yet, by id. A page may come out shorter than `limit` (metadata of an image deleted since);
   * nextCursor is null only at the end.
   */
  private async imagesByTakenAt(collectionId: Types.ObjectId, cursor: TakenAtCursor | null, limit: number): Promise<Page<ImageView>> {
    if (cursor?.phase !== 'rest') {
      const rows = await this.metadata
        .find({ collectionId, ...afterReadCursor(cursor) })
        .sort({ takenAtSort: 1, _id: 1 })
        .limit(limit + 1)
        .lean<Array<MetadataRecord & { _id: Types.ObjectId }>>();
      const pageRows = rows.slice(0, limit);
      const images = await this.liveImages(pageRows.map((row) => row._id));
      const items = await this.views(pageRows.flatMap((row) => images.get(row._id.toString()) ?? []));
      if (rows.length > limit) return { items, nextCursor: readCursor(pageRows[pageRows.length - 1]!) };
      if (items.length === limit) return { items, nextCursor: restCursor(null) };
      const rest = await this.unreadImages(collectionId, null, limit - items.length);
      return { items: [...items, ...rest.items], nextCursor: rest.nextCursor };
    }
    return this.unreadImages(collectionId, cursor.id, limit);
  }

  /** Live images of the collection with no metadata record, by id, after `afterId`. */
  private async unreadImages(collectionId: Types.ObjectId, afterId: Types.ObjectId | null, limit: number): Promise<Page<ImageView>> {
    const found: ImageRecord[] = [];
    let after = afterId;
    for (;;) {
      const batch = await this.images
        .find({ collectionId, deletedAt: null, ...idPage(after, 'ascending') })
        .sort({ _id: 1 })
        .limit(limit + 1)
        .lean<ImageRecord[]>();
      const read = new Set((await this.metadata.find({ _id: { $in: batch.map((row) => row._id) } }, { _id: 1 }).lean()).map((row) => String(row._id)));
      for (const row of batch) {
        if (read.has(row._id.toString())) continue;
        if (found.length === limit) return { items: await this.views(found), nextCursor: restCursor(found[found.length - 1]!._id) };
        found.push(row);
      }
      if (batch.length <= limit) return { items: await this.views(found), nextCursor: null };
      after = batch[batch.length - 1]!._id;
    }
  }

  private async liveImages(ids: Types.ObjectId[]): Promise<Map<string, ImageRecord>> {
    if (ids.length === 0) return new Map();
    const rows = await this.images.find({ _id: { $in: ids }, deletedAt: null }).lean<ImageRecord[]>();
    return new Map(rows.map((row) => [row._id.toString(), row]));
  }

  private async views(images: ImageRecord[]): Promise<ImageView[]> {
    const [records, metadata] = await this.detailsOf(images);
    return images.map((image) => toImageView(image, records, metadata));
  }

  async image(imageId: string): Promise<ImageView> {
    const image = await this.findImage(imageId);
    const [records, metadata] = await this.detailsOf([image]);
    return toImageView(image, records, metadata);
  }

  /** The derivative record of one kind of an image, if any (current or not: see derivativeStateFor). */
  async derivative(imageId: string, kind: DerivativeKind): Promise<DerivativeRecord | undefined> {
    return (await this.derivatives.findById(derivativeId(imageId, kind)).lean<DerivativeRecord>()) ?? undefined;
  }

  /** One query each for a page of images' derivative and metadata records: they live in their own collections (docs/pipeline.md, Render). */
  private async detailsOf(images: readonly ImageRecord[]): Promise<[DerivativeRecord[], MetadataRecord[]]> {
    if (images.length === 0) return [[], []];
    const ids = images.map((image) => image._id);
    return Promise.all([
      this.derivatives.find({ imageId: { $in: ids } }).lean<DerivativeRecord[]>(),
      this.metadata.find({ _id: { $in: ids } }).lean<MetadataRecord[]>(),
    ]);
  }

  /** A live image; soft-deleted ones are gone as far as the API is concerned. */
  async findImage(imageId: string): Promise<ImageRecord> {
    const image = await this.images.findById(imageId).lean<ImageRecord>();
    if (!image || image.deletedAt) throw ApiError.notFound('IMAGE_NOT_FOUND', `No image with id ${imageId}`);
    return image;
  }
}
