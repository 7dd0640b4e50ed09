import { JobStatus } from '@mediaflow/contracts';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, type HydratedDocument, type Types } from 'mongoose';
import { ScheduleRunDecision } from '../enums';

/** What made the occurrence: the cron expression, or POST /schedules/:id/run-now. */
export enum ScheduleRunTrigger {
  Cron = 'cron',
  Manual = 'manual',
}

/**
 * One occurrence of a schedule. The unique (scheduleId, occurrenceAt) index is what makes an
 * occurrence fire once however many scheduler replicas race for it.
 */
@Schema({ collection: 'scheduled_job_runs', timestamps: true, versionKey: false })
export class ScheduledJobRun {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  scheduleId!: Types.ObjectId;

  @Prop({ type: Date, required: true })
  occurrenceAt!: Date;

  @Prop({ type: Date, default: null })
  firedAt!: Date | null;

  @Prop({ type: String, enum: Object.values(ScheduleRunDecision), required: true })
  decision!: ScheduleRunDecision;

  @Prop({ type: String, enum: Object.values(ScheduleRunTrigger), default: ScheduleRunTrigger.Cron })
  trigger!: ScheduleRunTrigger;

  /** The first (usually only) job the run started; see jobIds. */
  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  jobId!: Types.ObjectId | null;

  /** Every job the run started (a scan of all libraries starts one per library); it ends when they all have. */
  @Prop({ type: [MongooseSchema.Types.ObjectId], default: [] })
  jobIds!: Types.ObjectId[];

  /** The fired job's terminal status, learnt from job.finished; null until then. */
  @Prop({ type: String, enum: Object.values(JobStatus), default: null })
  status!: JobStatus | null;

  @Prop({ type: Number, default: null })
  durationMs!: number | null;

  @Prop({ type: String, default: null })
  reason!: string | null;

  /** What a job type run inside the scheduler did (stale-job recovery, retention), in words. */
  @Prop({ type: String, default: null })
  summary!: string | null;

  createdAt!: Date;
  updatedAt!: Date;
}

export type ScheduledJobRunDocument = HydratedDocument<ScheduledJobRun>;
export const ScheduledJobRunSchema = SchemaFactory.createForClass(ScheduledJobRun);
ScheduledJobRunSchema.index({ scheduleId: 1, occurrenceAt: 1 }, { unique: true });
// job.finished names the job, not the run.
ScheduledJobRunSchema.index({ jobId: 1 });
ScheduledJobRunSchema.index({ jobIds: 1 });
// Runs of one schedule, newest first (cursor pagination), and the retention sweep.
ScheduledJobRunSchema.index({ scheduleId: 1, _id: -1 });
ScheduledJobRunSchema.index({ createdAt: 1 });
