import { ItemOutcome, StageName } from '@mediaflow/contracts';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, type HydratedDocument, type Types } from 'mongoose';

/** The idempotency ledger: one row per (job, stage, item), so a redelivered report counts once. */
@Schema({ collection: 'job_items', timestamps: { createdAt: true, updatedAt: false }, versionKey: false })
export class JobItem {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  jobId!: Types.ObjectId;

  @Prop({ type: String, enum: Object.values(StageName), required: true })
  stage!: StageName;

  @Prop({ type: String, required: true })
  itemId!: string;

  @Prop({ type: String, enum: Object.values(ItemOutcome), required: true })
  outcome!: ItemOutcome;

  @Prop({ type: String, default: null })
  reason!: string | null;

  @Prop({ type: String, default: null })
  path!: string | null;

  createdAt!: Date;
}

export type JobItemDocument = HydratedDocument<JobItem>;
export const JobItemSchema = SchemaFactory.createForClass(JobItem);
JobItemSchema.index({ jobId: 1, stage: 1, itemId: 1 }, { unique: true });
JobItemSchema.index({ jobId: 1, stage: 1, outcome: 1 });
