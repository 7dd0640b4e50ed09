import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, type HydratedDocument, type Types } from 'mongoose';
import { LastRunSummary, LastRunSummarySchema, ScheduleCounters, ScheduleCountersSchema } from './schedule-summary.schema';

/**
 * A schedule's firing state, one document per ScheduledJob (same `_id`), written only by the scheduler.
 * It is apart from the definition because FerretDB writes back the whole document an update read: the
 * scheduler claims a per-second schedule every second, and a pause written by the gateway between a
 * claim's read and its write was lost (docs/architecture.md, "Schedules"). Apart, neither writer can
 * undo the other. A missing document means the schedule has not been planned yet.
 */
@Schema({ collection: 'schedule_firings', timestamps: true, versionKey: false })
export class ScheduleFiring {
  /** The ScheduledJob's id. */
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  _id!: Types.ObjectId;

  /**
   * The definition's timingChangedAt that nextRunAt was planned under. When the definition's differs
   * (its cron, zone or state changed since), nextRunAt is stale and the next occurrence after the
   * change counts instead (see plannedNextRun).
   */
  @Prop({ type: Date, default: null })
  plannedFrom!: Date | null;

  /** The next occurrence to claim; null when the expression has no future match. */
  @Prop({ type: Date, default: null })
  nextRunAt!: Date | null;

  /**
   * The occurrences the replica that last advanced nextRunAt has yet to record, and when its claim lapses.
   * A replica killed between the claim and the run inserts leaves them here; after claimExpiresAt another
   * replica records them (the unique run insert keeps that exactly-once), so no occurrence is lost silently.
   */
  @Prop({ type: [Date], default: [] })
  claimedOccurrences!: Date[];

  @Prop({ type: Date, default: null })
  claimExpiresAt!: Date | null;

  /** The occurrence held back by OverlapPolicy.BufferOne while the previous run is still going. */
  @Prop({ type: Date, default: null })
  bufferedOccurrenceAt!: Date | null;

  /** The definition's runNowRequestedAt this scheduler has fired; a request is pending while they differ. */
  @Prop({ type: Date, default: null })
  runNowHandledAt!: Date | null;

  @Prop({ type: LastRunSummarySchema, default: null })
  lastRun!: LastRunSummary | null;

  @Prop({ type: ScheduleCountersSchema, default: () => ({}) })
  counters!: ScheduleCounters;

  createdAt!: Date;
  updatedAt!: Date;
}

export type ScheduleFiringDocument = HydratedDocument<ScheduleFiring>;
export const ScheduleFiringSchema = SchemaFactory.createForClass(ScheduleFiring);
// The tick's scans for held-back occurrences and lapsed claims.
ScheduleFiringSchema.index({ bufferedOccurrenceAt: 1 });
ScheduleFiringSchema.index({ claimExpiresAt: 1 });
