import { JobStatus } from '@mediaflow/contracts';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, type Types } from 'mongoose';
import { ScheduleRunDecision } from '../enums';

/** A copy of the latest run on its schedule, so listing schedules needs no second query. */
@Schema({ _id: false, versionKey: false })
export class LastRunSummary {
  @Prop({ type: Date, required: true })
  occurrenceAt!: Date;

  @Prop({ type: Date, default: null })
  firedAt!: Date | null;

  @Prop({ type: String, enum: Object.values(ScheduleRunDecision), required: true })
  decision!: ScheduleRunDecision;

  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  jobId!: Types.ObjectId | null;

  @Prop({ type: String, enum: Object.values(JobStatus), default: null })
  status!: JobStatus | null;

  @Prop({ type: Number, default: null })
  durationMs!: number | null;
}

export const LastRunSummarySchema = SchemaFactory.createForClass(LastRunSummary);

@Schema({ _id: false, versionKey: false })
export class ScheduleCounters {
  @Prop({ type: Number, default: 0, min: 0 })
  fired!: number;

  @Prop({ type: Number, default: 0, min: 0 })
  skipped!: number;

  @Prop({ type: Number, default: 0, min: 0 })
  failed!: number;
}

export const ScheduleCountersSchema = SchemaFactory.createForClass(ScheduleCounters);
