import { JobType, MisfirePolicy, OverlapPolicy } from '@mediaflow/contracts';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, type HydratedDocument, type Types } from 'mongoose';

/**
 * A schedule's definition, written by the gateway (and by the scheduler only when it creates the
 * system and per-library defaults). What firing it has done lives in ScheduleFiring, written only by
 * the scheduler; docs/architecture.md "Schedules" says why they are two documents.
 */
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

  /**
   * When cron, timezone, enabled or paused last changed. The scheduler plans the next occurrence after
   * it (ScheduleFiring.plannedFrom records which change a plan was made for), so a resume starts from
   * the next occurrence after the resume, with no catch-up.
   */
  @Prop({ type: Date, default: () => new Date() })
  timingChangedAt!: Date;

  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  libraryId!: Types.ObjectId | null;

  /**
   * Set by POST /schedules/:id/run-now; the next scheduler tick fires it as a manual occurrence at this
   * time (overlap policy applies unless runNowForce) and notes it as ScheduleFiring.runNowHandledAt.
   */
  @Prop({ type: Date, default: null })
  runNowRequestedAt!: Date | null;

  @Prop({ type: Boolean, default: false })
  runNowForce!: boolean;

  createdAt!: Date;
  updatedAt!: Date;
}

export type ScheduledJobDocument = HydratedDocument<ScheduledJob>;
export const ScheduledJobSchema = SchemaFactory.createForClass(ScheduledJob);
// The tick's scans (active schedules, run-now requests) and library deletion.
ScheduledJobSchema.index({ enabled: 1, paused: 1 });
ScheduledJobSchema.index({ runNowRequestedAt: 1 });
ScheduledJobSchema.index({ libraryId: 1 });
