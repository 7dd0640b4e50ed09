import { DerivativeKind, DerivativeState } from '@mediaflow/contracts';
import { isDerivativeReadyFor, type Image, type ImageDerivative, type MediaCollection } from '@mediaflow/persistence';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { Types } from 'mongoose';
import { MediaMetadataView, toMetadataView, type MetadataRecord } from './image-metadata.dto';

export type CollectionRecord = MediaCollection & { _id: Types.ObjectId };
export type ImageRecord = Image & { _id: Types.ObjectId };
export type DerivativeRecord = ImageDerivative & { _id: Types.ObjectId };

export class CollectionView {
  @ApiProperty() id!: string;
  @ApiProperty() libraryId!: string;
  @ApiProperty({ description: "Folder relative to the library root; '' is the root" }) relativePath!: string;
  @ApiProperty() imageCount!: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: string;
}

export class CollectionPage {
  @ApiProperty({ type: [CollectionView] }) items!: CollectionView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class DerivativeView {
  @ApiProperty({ enum: DerivativeState }) state!: DerivativeState;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: Number, nullable: true }) bytes!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Relative URL; carries ?v=<fingerprint> so it can be cached for good' })
  url!: string | null;
}

export class DerivativesView {
  @ApiProperty({ type: DerivativeView }) thumbnail!: DerivativeView;
  @ApiProperty({ type: DerivativeView }) cache!: DerivativeView;
}

export class ImageView extends MediaMetadataView {
  @ApiProperty() id!: string;
  @ApiProperty() libraryId!: string;
  @ApiProperty() collectionId!: string;
  @ApiProperty() relativePath!: string;
  @ApiProperty() size!: number;
  @ApiProperty() mtimeMs!: number;
  @ApiProperty({ type: String, nullable: true }) fingerprint!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'As displayed (after EXIF/HEIF orientation or video rotation); null until read' }) width!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'As displayed; null until read' }) height!: number | null;
  @ApiProperty({ type: String, nullable: true }) format!: string | null;
  @ApiProperty({ type: DerivativesView }) derivatives!: DerivativesView;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deletedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: string;
}

export class ImagePage {
  @ApiProperty({ type: [ImageView] }) items!: ImageView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class DerivativeQuery {
  @ApiPropertyOptional({ description: 'Fingerprint the client expects (from the image URL); when it matches, the response is cacheable for good' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  v?: string;
}

export function toCollectionView(doc: CollectionRecord): CollectionView {
  return {
    id: doc._id.toString(),
    libraryId: doc.libraryId.toString(),
    relativePath: doc.relativePath,
    imageCount: doc.imageCount,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

/**
 * A derivative as the image's current content sees it: a record of older content (another source
 * fingerprint) counts as not rendered yet, so it shows as pending.
 */
export function derivativeStateFor(image: ImageRecord, record: DerivativeRecord | undefined): { state: DerivativeState; reason: string | null } {
  if (isDerivativeReadyFor(record, image.fingerprint) && record?.path) return { state: DerivativeState.Ready, reason: null };
  if (record?.state === DerivativeState.Failed && record.sourceFingerprint === image.fingerprint) {
    return { state: DerivativeState.Failed, reason: record.reason };
  }
  return { state: DerivativeState.Pending, reason: null };
}

function toDerivativeView(image: ImageRecord, kind: DerivativeKind, record: DerivativeRecord | undefined): DerivativeView {
  const { state, reason } = derivativeStateFor(image, record);
  const ready = state === DerivativeState.Ready && record;
  return {
    state,
    reason,
    bytes: ready ? record.bytes : null,
    url: ready ? `/api/v1/images/${image._id.toString()}/${kind}?v=${encodeURIComponent(record.sourceFingerprint)}` : null,
  };
}

/** `records`: the image's derivative records, any kind; `metadata`: the metadata records of the page, if any. */
export function toImageView(doc: ImageRecord, records: readonly DerivativeRecord[], metadata: readonly MetadataRecord[] = []): ImageView {
  const current = currentMetadata(doc, metadata);
  const recordOf = (kind: DerivativeKind) => records.find((record) => record.kind === kind && record.imageId.equals(doc._id));
  const id = doc._id.toString();
  return {
    id,
    libraryId: doc.libraryId.toString(),
    collectionId: doc.collectionId.toString(),
    relativePath: doc.relativePath,
    size: doc.size,
    mtimeMs: doc.mtimeMs,
    fingerprint: doc.fingerprint,
    width: current ? current.width : doc.width,
    height: current ? current.height : doc.height,
    format: doc.format,
    derivatives: {
      thumbnail: toDerivativeView(doc, DerivativeKind.Thumbnail, recordOf(DerivativeKind.Thumbnail)),
      cache: toDerivativeView(doc, DerivativeKind.Cache, recordOf(DerivativeKind.Cache)),
    },
    deletedAt: doc.deletedAt?.toISOString() ?? null,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
    ...toMetadataView(doc, current),
  };
}

/** The page's metadata record of this image, when it was read from the image's current content. */
function currentMetadata(doc: ImageRecord, metadata: readonly MetadataRecord[]): MetadataRecord | undefined {
  const record = metadata.find((candidate) => candidate._id.equals(doc._id));
  return record && record.sourceFingerprint === doc.fingerprint ? record : undefined;
}
