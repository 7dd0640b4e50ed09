import { MEDIA_KINDS, type MediaKind } from '@mediaflow/contracts';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, type HydratedDocument, type Types } from 'mongoose';

/**
 * What the scan that last touched the image staged on it. Marks are per scan job, so a redelivered
 * scan finds its own marks again and an older scan's leftovers never match.
 */
@Schema({ _id: false, versionKey: false })
export class ImageScanMarks {
  /** Inserted by this scan job: a candidate for move matching. */
  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  insertedInJob!: Types.ObjectId | null;

  /** Not found on disk by this scan job; soft-deleted (or cleared) when the scan finishes. */
  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  missingInJob!: Types.ObjectId | null;

  /** This scan job owes the image render requests (sent once the walk and move matching are done). */
  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  renderInJob!: Types.ObjectId | null;
}

export const ImageScanMarksSchema = SchemaFactory.createForClass(ImageScanMarks);

/**
 * One image file; its own document because a folder may hold 100k of them. Its rendered derivatives are
 * in `image_derivatives` (ImageDerivative), each written only by its render worker.
 */
@Schema({ collection: 'images', timestamps: true, versionKey: false })
export class Image {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  libraryId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  collectionId!: Types.ObjectId;

  /** File path relative to the library root, '/'-separated. */
  @Prop({ type: String, required: true })
  relativePath!: string;

  @Prop({ type: Number, required: true, min: 0 })
  size!: number;

  @Prop({ type: Number, required: true })
  mtimeMs!: number;

  /** Content fingerprint; null until computed. Used to recognise moves. */
  @Prop({ type: String, default: null })
  fingerprint!: string | null;

  @Prop({ type: Number, default: null })
  width!: number | null;

  @Prop({ type: Number, default: null })
  height!: number | null;

  @Prop({ type: String, default: null })
  format!: string | null;

  /**
   * `mediaKindOf(relativePath)` (libs/media), written by scan-worker with the path, so the library overview
   * counts images by kind with one aggregation. Null on rows written before it existed until a scan
   * rewrites them (the overview reports those as kind "unknown").
   */
  @Prop({ type: String, enum: [...MEDIA_KINDS], default: null })
  mediaKind!: MediaKind | null;

  @Prop({ type: ImageScanMarksSchema, default: () => ({}) })
  scan!: ImageScanMarks;

  /** Soft delete; a re-appearing file at the same path clears it (the unique index keeps the row). */
  @Prop({ type: Date, default: null })
  deletedAt!: Date | null;

  createdAt!: Date;
  updatedAt!: Date;
}

export type ImageDocument = HydratedDocument<Image>;
export const ImageSchema = SchemaFactory.createForClass(Image);
ImageSchema.index({ libraryId: 1, relativePath: 1 }, { unique: true });
ImageSchema.index({ libraryId: 1, fingerprint: 1 });
// The library overview's count by kind ($match libraryId, deletedAt; $group mediaKind), from the index on MongoDB.
ImageSchema.index({ libraryId: 1, deletedAt: 1, mediaKind: 1 });
ImageSchema.index({ collectionId: 1, _id: 1 });
ImageSchema.index({ 'scan.missingInJob': 1, _id: 1 });
ImageSchema.index({ 'scan.insertedInJob': 1, fingerprint: 1 });
ImageSchema.index({ 'scan.renderInJob': 1, _id: 1 });
