import { JobType, MisfirePolicy, OverlapPolicy } from '@mediaflow/contracts';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, type HydratedDocument, type Types } from 'mongoose';
import { LastRunSummary, LastRunSummarySchema, ScheduleCounters, ScheduleCountersSchema } from './schedule-summary.schema';

// minimize: false keeps an empty `params` object instead of dropping the key.
@Schema({ collection: 'scheduled_jobs', timestamps: true, versionKey: false, minimize: false })
export class ScheduledJob {
  @Prop({ type: String, required: true, unique: true, trim: true })
  name!: string;

  @Prop({ type: String, enum: Object.values(JobType), required: true })
  type!: JobType;

  /** Input of the command each occurrence fires; keys must not contain '.' or start with '$'. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: () => ({}) })
  params!: Record<string, unknown>;

  @Prop({ type: String, required: true })
  cron!: string;

  /** IANA zone the cron expression is read in. */
  @Prop({ type: String, default: 'UTC' })
  timezone!: string;

  @Prop({ type: Boolean, default: true })
  enabled!: boolean;

  @Prop({ type: Boolean, default: false })
  paused!: boolean;

  @Prop({ type: String, enum: Object.values(MisfirePolicy), default: MisfirePolicy.FireOnce })
  misfirePolicy!: MisfirePolicy;

  /** Most missed occurrences MisfirePolicy.FireAll replays, so a long outage is not a storm. */
  @Prop({ type: Number, default: 10, min: 1 })
  misfireFireAllCap!: number;

  @Prop({ type: String, enum: Object.values(OverlapPolicy), default: OverlapPolicy.Skip })
  overlapPolicy!: OverlapPolicy;

  /** The next occurrence to claim; null when disabled or the expression has no future match. */
  @Prop({ type: Date, default: null })
  nextRunAt!: Date | null;

  @Prop({ type: LastRunSummarySchema, default: null })
  lastRun!: LastRunSummary | null;

  @Prop({ type: ScheduleCountersSchema, default: () => ({}) })
  counters!: ScheduleCounters;

  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  libraryId!: Types.ObjectId | null;

  /** The occurrence held back by OverlapPolicy.BufferOne while the previous run is still going. */
  @Prop({ type: Date, default: null })
  bufferedOccurrenceAt!: Date | null;

  /**
   * Set by POST /schedules/:id/run-now; the next scheduler tick fires it as a manual occurrence at this
   * time (overlap policy applies unless runNowForce) and clears it.
   */
  @Prop({ type: Date, default: null })
  runNowRequestedAt!: Date | null;

  @Prop({ type: Boolean, default: false })
  runNowForce!: boolean;

  /**
   * The occurrences the replica that last advanced nextRunAt has yet to record, and when its claim lapses.
   * A replica killed between the claim and the run inserts leaves them here; after claimExpiresAt another
   * replica records them (the unique run insert keeps that exactly-once), so no occurrence is lost silently.
   */
  @Prop({ type: [Date], default: [] })
  claimedOccurrences!: Date[];

  @Prop({ type: Date, default: null })
  claimExpiresAt!: Date | null;

  createdAt!: Date;
  updatedAt!: Date;
}

export type ScheduledJobDocument = HydratedDocument<ScheduledJob>;
export const ScheduledJobSchema = SchemaFactory.createForClass(ScheduledJob);
ScheduledJobSchema.index({ enabled: 1, paused: 1, nextRunAt: 1 });
// The tick's other two scans (buffered occurrences, run-now requests) and library deletion.
ScheduledJobSchema.index({ bufferedOccurrenceAt: 1 });
ScheduledJobSchema.index({ runNowRequestedAt: 1 });
ScheduledJobSchema.index({ libraryId: 1 });
