import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';

/**
 * Who may act on a resource until when. Times come from the caller's injected clock, not from
 * mongoose timestamps, so tests and expiry checks agree on what "now" is.
 */
@Schema({ collection: 'leases', versionKey: false })
export class Lease {
  /** The resource key, e.g. `watch:<libraryId>`; being the _id makes one lease per resource. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  holder!: string;

  @Prop({ type: Date, required: true })
  expiresAt!: Date;

  @Prop({ type: Date, required: true })
  acquiredAt!: Date;

  @Prop({ type: Date, required: true })
  renewedAt!: Date;
}

export type LeaseDocument = HydratedDocument<Lease>;
export const LeaseSchema = SchemaFactory.createForClass(Lease);
