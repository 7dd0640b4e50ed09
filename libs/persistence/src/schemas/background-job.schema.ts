import { JobStatus, JobType } from '@mediaflow/contracts';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, type HydratedDocument, type Types } from 'mongoose';
import { FailureSample, FailureSampleSchema, JobStage, JobStageSchema } from './job-stage.schema';

// minimize: false keeps an empty `params` object instead of dropping the key.
@Schema({ collection: 'background_jobs', timestamps: true, versionKey: false, minimize: false })
export class BackgroundJob {
  @Prop({ type: String, enum: Object.values(JobType), required: true })
  type!: JobType;

  @Prop({ type: String, enum: Object.values(JobStatus), default: JobStatus.Pending })
  status!: JobStatus;

  @Prop({ type: [JobStageSchema], default: [] })
  stages!: JobStage[];

  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  libraryId!: Types.ObjectId | null;

  /** Input of the command that runs the job, so a dependent can be started once its prerequisites end. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: () => ({}) })
  params!: Record<string, unknown>;

  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  parentId!: Types.ObjectId | null;

  @Prop({ type: [MongooseSchema.Types.ObjectId], default: [] })
  dependsOn!: Types.ObjectId[];

  @Prop({ type: Number, default: 0, min: 0 })
  childrenTotal!: number;

  @Prop({ type: Number, default: 0, min: 0 })
  childrenFinished!: number;

  /** At most FAILURE_SAMPLE_LIMIT entries, enforced by the writer. */
  @Prop({ type: [FailureSampleSchema], default: [] })
  failureSample!: FailureSample[];

  @Prop({ type: String, default: null })
  correlationId!: string | null;

  @Prop({ type: String, default: null })
  description!: string | null;

  /** Why the job failed or was cancelled, in words a person can act on. */
  @Prop({ type: String, default: null })
  reason!: string | null;

  /** Output handed to dependents; keys must not contain '.' or start with '$'. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  result!: Record<string, unknown> | null;

  @Prop({ type: Date, default: null })
  startedAt!: Date | null;

  @Prop({ type: Date, default: null })
  finishedAt!: Date | null;

  /** When a count last moved; stale-job recovery looks for running jobs where this is old. */
  @Prop({ type: Date, default: null })
  lastProgressAt!: Date | null;

  /**
   * Bumped by every job-tracker write. job-tracker writes only `if revision is still what it read`
   * (optimistic concurrency), so a decision taken on a stale read is re-taken, never stored.
   */
  @Prop({ type: Number, default: 0, min: 0 })
  revision!: number;

  /** Set when `job.cancel.requested` arrived; the job then ends `cancelled`. */
  @Prop({ type: Date, default: null })
  cancelRequestedAt!: Date | null;

  /** The reason of a `job.failed` report; the job then ends `failed` with it. */
  @Prop({ type: String, default: null })
  reportedFailure!: string | null;

  /**
   * Id of the message whose handling moved the job to its terminal status. If that handling stops
   * before finishHandledAt is set, the redelivery of that message (same id) finishes the work, and
   * no other message does it twice.
   */
  @Prop({ type: String, default: null })
  finishedBy!: string | null;

  /**
   * Set once job-tracker has published `job.finished` and started what follows (dependents,
   * cancelling children); until then a redelivered message finishes that work.
   */
  @Prop({ type: Date, default: null })
  finishHandledAt!: Date | null;

  /** The prerequisite whose end made job-tracker claim this dependent and send its start command. */
  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  startRequestedBy!: Types.ObjectId | null;

  /** When the start command of this dependent was confirmed by the broker. */
  @Prop({ type: Date, default: null })
  startCommandSentAt!: Date | null;

  createdAt!: Date;
  updatedAt!: Date;
}

export type BackgroundJobDocument = HydratedDocument<BackgroundJob>;
export const BackgroundJobSchema = SchemaFactory.createForClass(BackgroundJob);
BackgroundJobSchema.index({ status: 1, createdAt: -1 });
BackgroundJobSchema.index({ libraryId: 1, createdAt: -1 });
BackgroundJobSchema.index({ type: 1, createdAt: -1 });
BackgroundJobSchema.index({ parentId: 1 });
// Finding the dependents of a job that just ended.
BackgroundJobSchema.index({ dependsOn: 1 });
