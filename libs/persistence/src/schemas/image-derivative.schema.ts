import { DerivativeKind, DerivativeState, MEDIA_KINDS, type MediaKind } from '@mediaflow/contracts';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, type HydratedDocument, type Types } from 'mongoose';

/**
 * One rendered derivative (thumbnail or cache image) of one image: one document per (imageId, kind).
 *
 * Its own collection, not a sub-document of the image, because FerretDB runs an update as "find, then
 * overwrite the whole document": the thumbnail and cache workers recording the same image at once could
 * undo each other's record. Here each document has exactly one writer, the render worker of its kind.
 * Nobody resets it when the source changes: it is current only while `sourceFingerprint` equals the
 * image's fingerprint (see isDerivativeReadyFor).
 */
@Schema({ collection: 'image_derivatives', versionKey: false })
export class ImageDerivative {
  /**
   * `<imageId>:<kind>` (derivativeId): the render worker and the API read and write one record by _id,
   * the one lookup every store answers from an index (FerretDB's SQLite backend filters any other field
   * by scanning the collection, once per render when this was looked up by imageId and kind).
   */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  imageId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  libraryId!: Types.ObjectId;

  @Prop({ type: String, enum: Object.values(DerivativeKind), required: true })
  kind!: DerivativeKind;

  @Prop({ type: String, enum: Object.values(DerivativeState), required: true })
  state!: DerivativeState;

  /** The image's `mediaKindOf(relativePath)` when rendered; null on records written before it existed. */
  @Prop({ type: String, enum: [...MEDIA_KINDS], default: null })
  mediaKind!: MediaKind | null;

  /** Why rendering failed (state failed); null otherwise. */
  @Prop({ type: String, default: null })
  reason!: string | null;

  /** The image fingerprint it was rendered (or failed) from. */
  @Prop({ type: String, required: true })
  sourceFingerprint!: string;

  /** Relative to DERIVATIVES_DIR, '/'-separated; never a client-supplied path. Null unless ready. */
  @Prop({ type: String, default: null })
  path!: string | null;

  @Prop({ type: Number, default: null })
  bytes!: number | null;

  @Prop({ type: Number, default: null })
  width!: number | null;

  @Prop({ type: Number, default: null })
  height!: number | null;

  @Prop({ type: Date, required: true })
  updatedAt!: Date;
}

export type ImageDerivativeDocument = HydratedDocument<ImageDerivative>;
export const ImageDerivativeSchema = SchemaFactory.createForClass(ImageDerivative);
ImageDerivativeSchema.index({ imageId: 1 });
// A record created without an _id gets the one its image and kind dictate.
ImageDerivativeSchema.pre('validate', function setDerivativeId() {
  if (this._id === undefined && this.imageId && this.kind) this._id = derivativeId(this.imageId, this.kind);
});
ImageDerivativeSchema.index({ libraryId: 1, kind: 1 });
// The library overview's count by media kind, derivative kind and state (coverable on MongoDB).
ImageDerivativeSchema.index({ libraryId: 1, mediaKind: 1, kind: 1, state: 1 });

/** The _id of an image's derivative record of one kind: one record per (image, kind) by construction. */
export function derivativeId(imageId: Types.ObjectId | string, kind: DerivativeKind): string {
  return `${String(imageId)}:${kind}`;
}

/** A derivative is ready for the image only when it is ready and was rendered from the image's current content. */
export function isDerivativeReadyFor(
  derivative: Pick<ImageDerivative, 'state' | 'sourceFingerprint'> | null | undefined,
  imageFingerprint: string | null | undefined,
): boolean {
  return derivative?.state === DerivativeState.Ready && imageFingerprint != null && derivative.sourceFingerprint === imageFingerprint;
}
