import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, type HydratedDocument, type Types } from 'mongoose';

/**
 * A folder of a library that holds images. Named MediaCollection, not Collection, so it never
 * shadows mongoose's own Collection in a file that imports both.
 */
@Schema({ collection: 'collections', timestamps: true, versionKey: false })
export class MediaCollection {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  libraryId!: Types.ObjectId;

  /** Folder path relative to the library root, '/'-separated; '' is the root itself. */
  @Prop({ type: String, default: '' })
  relativePath!: string;

  @Prop({ type: Number, default: 0, min: 0 })
  imageCount!: number;

  /** Soft delete: a vanished mount must never mass-delete, so removal is a mark first. */
  @Prop({ type: Date, default: null })
  deletedAt!: Date | null;

  createdAt!: Date;
  updatedAt!: Date;
}

export type MediaCollectionDocument = HydratedDocument<MediaCollection>;
export const MediaCollectionSchema = SchemaFactory.createForClass(MediaCollection);
MediaCollectionSchema.index({ libraryId: 1, relativePath: 1 }, { unique: true });
