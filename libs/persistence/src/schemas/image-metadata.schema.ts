import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, type HydratedDocument, type Types } from 'mongoose';

/**
 * What the thumbnail-worker read about an image or video while rendering its thumbnail (dimensions as
 * displayed, date taken, camera, exposure, GPS, duration): one document per image, `_id` = the image's id.
 *
 * Its own collection for the reason derivative records are (FerretDB runs an update as "find, then
 * overwrite the whole document"): written into the image document, it could undo a scan's change of
 * that image. Here the thumbnail-worker is the only writer. Like a derivative, it describes the content
 * it was read from (`sourceFingerprint`); the API shows it only while that is the image's fingerprint.
 */
@Schema({ collection: 'image_metadata', versionKey: false })
export class ImageMetadata {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  libraryId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  collectionId!: Types.ObjectId;

  @Prop({ type: String, required: true })
  sourceFingerprint!: string;

  @Prop({ type: String, enum: ['image', 'video'], required: true })
  mediaType!: 'image' | 'video';

  @Prop({ type: String, default: null })
  mimeType!: string | null;

  @Prop({ type: Number, default: null })
  width!: number | null;

  @Prop({ type: Number, default: null })
  height!: number | null;

  /** ISO 8601 as recorded, with its offset when known (see MediaMetadata in libs/media). */
  @Prop({ type: String, default: null })
  takenAt!: string | null;

  @Prop({ type: String, enum: ['exif', 'quicktime', 'mtime', null], default: null })
  takenAtSource!: 'exif' | 'quicktime' | 'mtime' | null;

  /** takenAt as an instant (a takenAt without offset read as UTC): the order of `?sort=takenAt`. */
  @Prop({ type: Date, default: null })
  takenAtSort!: Date | null;

  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  camera!: { make: string | null; model: string | null } | null;

  @Prop({ type: String, default: null })
  lens!: string | null;

  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  exposure!: { iso: number | null; fNumber: number | null; exposureTime: number | null; focalLength: number | null } | null;

  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  gps!: { latitude: number; longitude: number; altitude: number | null } | null;

  @Prop({ type: Number, default: null })
  durationMs!: number | null;

  @Prop({ type: String, default: null })
  videoCodec!: string | null;

  @Prop({ type: Date, required: true })
  updatedAt!: Date;
}

export type ImageMetadataDocument = HydratedDocument<ImageMetadata>;
export const ImageMetadataSchema = SchemaFactory.createForClass(ImageMetadata);
ImageMetadataSchema.index({ collectionId: 1, takenAtSort: 1, _id: 1 });
ImageMetadataSchema.index({ libraryId: 1 });
