import { DerivativeState } from '@mediaflow/contracts';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** The state of one rendered derivative (thumbnail or cache) of an image. */
@Schema({ _id: false, versionKey: false })
export class Derivative {
  @Prop({ type: String, enum: Object.values(DerivativeState), default: DerivativeState.Pending })
  state!: DerivativeState;

  @Prop({ type: String, default: null })
  reason!: string | null;

  /** The image fingerprint it was rendered from; a different current fingerprint means stale. */
  @Prop({ type: String, default: null })
  sourceFingerprint!: string | null;

  /** Location inside the derivative store; never a client-supplied path. */
  @Prop({ type: String, default: null })
  path!: string | null;

  @Prop({ type: Number, default: null })
  bytes!: number | null;

  @Prop({ type: Date, default: null })
  updatedAt!: Date | null;
}

export const DerivativeSchema = SchemaFactory.createForClass(Derivative);

/** One fixed key per DerivativeKind, so updates address `derivatives.<kind>.state` directly. */
@Schema({ _id: false, versionKey: false })
export class Derivatives {
  @Prop({ type: DerivativeSchema, default: () => ({}) })
  thumbnail!: Derivative;

  @Prop({ type: DerivativeSchema, default: () => ({}) })
  cache!: Derivative;
}

export const DerivativesSchema = SchemaFactory.createForClass(Derivatives);
