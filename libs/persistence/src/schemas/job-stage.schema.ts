import { StageName, StageStatus } from '@mediaflow/contracts';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** Progress of one stage of a job; done + failed + skipped never exceeds total once it is known. */
@Schema({ _id: false, versionKey: false })
export class JobStage {
  @Prop({ type: String, enum: Object.values(StageName), required: true })
  name!: StageName;

  @Prop({ type: String, enum: Object.values(StageStatus), default: StageStatus.Pending })
  status!: StageStatus;

  /** Null until the producer knows it; items reported before then are still counted. */
  @Prop({ type: Number, default: null, min: 0 })
  total!: number | null;

  @Prop({ type: Boolean, default: false })
  totalKnown!: boolean;

  @Prop({ type: Number, default: 0, min: 0 })
  done!: number;

  @Prop({ type: Number, default: 0, min: 0 })
  failed!: number;

  @Prop({ type: Number, default: 0, min: 0 })
  skipped!: number;

  /**
   * Bumped by job-tracker each time a full recount from the `job_items` ledger moves a count. A
   * report's counts are added as a delta only if the epoch is still the one read before its items
   * were recorded (a recount that moved since may already include them); see docs/architecture.md.
   * Optional in the type: creators need not set it, and stages stored before it existed read as 0.
   */
  @Prop({ type: Number, default: 0, min: 0 })
  recountEpoch?: number;
}

export const JobStageSchema = SchemaFactory.createForClass(JobStage);

/**
 * How many failures a job keeps as examples. Writers must cap it themselves: FerretDB accepts
 * `$push` with `$slice` but ignores the `$slice`, so the array would grow without bound there.
 */
export const FAILURE_SAMPLE_LIMIT = 50;

@Schema({ _id: false, versionKey: false })
export class FailureSample {
  @Prop({ type: String, enum: Object.values(StageName), required: true })
  stage!: StageName;

  @Prop({ type: String, required: true })
  itemId!: string;

  @Prop({ type: String, default: null })
  path!: string | null;

  @Prop({ type: String, required: true })
  reason!: string;
}

export const FailureSampleSchema = SchemaFactory.createForClass(FailureSample);
