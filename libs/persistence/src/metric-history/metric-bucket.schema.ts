import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, type HydratedDocument } from 'mongoose';

/**
 * One point of a metric series on one time grid: `values` holds the series' counters (e.g.
 * `thumbnail.done`) or gauges (e.g. `thumbnail-worker.messages`) for the slot starting at `at`.
 * Written only with atomic upserts ($inc, $max, $min), so replicas writing the same slot add up or
 * agree instead of overwriting each other.
 */
@Schema({ collection: 'metric_buckets', versionKey: false })
export class MetricBucket {
  /** `<series>:<resolution>:<slot start ms>` (bucketId). */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  series!: string;

  @Prop({ type: String, required: true })
  resolution!: string;

  @Prop({ type: Date, required: true })
  at!: Date;

  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  values!: Record<string, Record<string, number>>;
}

export type MetricBucketDocument = HydratedDocument<MetricBucket>;
export const MetricBucketSchema = SchemaFactory.createForClass(MetricBucket);
// Retention deletes the points of one resolution older than it keeps them.
MetricBucketSchema.index({ resolution: 1, at: 1 });
