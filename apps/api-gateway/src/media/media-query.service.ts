import type { DerivativeKind } from '@mediaflow/contracts';
import { derivativeId, Image, ImageDerivative, MediaCollection } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { ApiError } from '../http/api-error';
import { pageLimit, toPage, type Page, type PageQuery } from '../http/pagination';
import { LibrariesService } from '../libraries/libraries.service';
import { toCollectionView, toImageView, type CollectionRecord, type CollectionView, type DerivativeRecord, type ImageRecord, type ImageView } from './media.dto';

/** Reads collections and images; pages are ordered by _id so a cursor stays valid while scans add rows. */
@Injectable()
export class MediaQueryService {
  constructor(
    @InjectModel(MediaCollection.name) private readonly collections: Model<MediaCollection>,
    @InjectModel(Image.name) private readonly images: Model<Image>,
    @InjectModel(ImageDerivative.name) private readonly derivatives: Model<ImageDerivative>,
    private readonly libraries: LibrariesService,
  ) {}

  async collectionsOf(libraryId: string, query: PageQuery): Promise<Page<CollectionView>> {
    await this.libraries.find(libraryId);
    const limit = pageLimit(query);
    const rows = await this.collections
      .find({ libraryId: new Types.ObjectId(libraryId), deletedAt: null, ...afterCursor(query) })
      .sort({ _id: 1 })
      .limit(limit + 1)
      .lean<CollectionRecord[]>();
    return toPage(rows, limit, toCollectionView);
  }

  async imagesOf(collectionId: string, query: PageQuery): Promise<Page<ImageView>> {
    const collection = await this.collections.findById(collectionId).lean<CollectionRecord>();
    if (!collection || collection.deletedAt) throw ApiError.notFound('COLLECTION_NOT_FOUND', `No collection with id ${collectionId}`);
    const limit = pageLimit(query);
    const rows = await this.images
      .find({ collectionId: collection._id, deletedAt: null, ...afterCursor(query) })
      .sort({ _id: 1 })
      .limit(limit + 1)
      .lean<ImageRecord[]>();
    const records = await this.derivativesOf(rows.slice(0, limit));
    return toPage(rows, limit, (row) => toImageView(row, records));
  }

  async image(imageId: string): Promise<ImageView> {
    const image = await this.findImage(imageId);
    return toImageView(image, await this.derivativesOf([image]));
  }

  /** The derivative record of one kind of an image, if any (current or not: see derivativeStateFor). */
  async derivative(imageId: string, kind: DerivativeKind): Promise<DerivativeRecord | undefined> {
    return (await this.derivatives.findById(derivativeId(imageId, kind)).lean<DerivativeRecord>()) ?? undefined;
  }

  /** One query for a page of images: records live in their own collection (docs/pipeline.md, Render). */
  private async derivativesOf(images: readonly ImageRecord[]): Promise<DerivativeRecord[]> {
    if (images.length === 0) return [];
    return this.derivatives.find({ imageId: { $in: images.map((image) => image._id) } }).lean<DerivativeRecord[]>();
  }

  /** A live image; soft-deleted ones are gone as far as the API is concerned. */
  async findImage(imageId: string): Promise<ImageRecord> {
    const image = await this.images.findById(imageId).lean<ImageRecord>();
    if (!image || image.deletedAt) throw ApiError.notFound('IMAGE_NOT_FOUND', `No image with id ${imageId}`);
    return image;
  }
}

function afterCursor(query: PageQuery): { _id?: { $gt: Types.ObjectId } } {
  return query.cursor ? { _id: { $gt: new Types.ObjectId(query.cursor) } } : {};
}
