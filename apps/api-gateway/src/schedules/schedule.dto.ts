import { JobStatus, JobType, MisfirePolicy, OverlapPolicy } from '@mediaflow/contracts';
import { ScheduleRunDecision, ScheduleRunTrigger } from '@mediaflow/persistence';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsIn, IsInt, IsMongoId, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

/** The job types a schedule can fire. */
export const SCHEDULABLE_TYPES = [JobType.LibraryScan, JobType.DerivativeCleanup, JobType.StaleJobRecovery, JobType.Retention] as const;

export class CreateScheduleDto {
  @ApiProperty({ example: 'nightly full scan' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/^[^$]/, { message: 'name must not start with $' })
  name!: string;

  @ApiProperty({ enum: SCHEDULABLE_TYPES })
  @IsIn(SCHEDULABLE_TYPES)
  type!: JobType;

  @ApiPropertyOptional({
    description:
      'Input of the job: library-scan {libraryId?, mode?: incremental|full} (no libraryId: every library); ' +
      'derivative-cleanup {libraryId?}; stale-job-recovery {staleMinutes?}; retention {days?}',
    example: { libraryId: '665f1c2e8b3e4a0012345678', mode: 'incremental' },
  })
  @IsOptional()
  @IsObject()
  params?: Record<string, unknown>;

  @ApiProperty({ description: '5 fields (minute first) or 6 (second first)', example: '0 3 * * *' })
  @IsString()
  @MaxLength(200)
  cron!: string;

  @ApiPropertyOptional({ description: 'IANA time zone the expression is read in (DST-aware)', example: 'Europe/Berlin', default: 'UTC' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  timezone?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ enum: MisfirePolicy, default: MisfirePolicy.FireOnce, description: 'What to do with occurrences missed while no scheduler ran' })
  @IsOptional()
  @IsEnum(MisfirePolicy)
  misfirePolicy?: MisfirePolicy;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 10, description: 'Most missed occurrences fire_all replays' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  misfireFireAllCap?: number;

  @ApiPropertyOptional({ enum: OverlapPolicy, default: OverlapPolicy.Skip, description: 'What to do when the previous run is still going' })
  @IsOptional()
  @IsEnum(OverlapPolicy)
  overlapPolicy?: OverlapPolicy;
}

/** Everything but the type (a schedule's type is fixed; create another) and enabled (POST …/enable|disable). */
export class UpdateScheduleDto extends PartialType(OmitType(CreateScheduleDto, ['type', 'enabled'] as const)) {}

export class RunNowDto {
  @ApiPropertyOptional({ default: false, description: 'Run even if the previous run is still going' })
  @IsOptional()
  @IsBoolean()
  force?: boolean;
}

export class PreviewQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  count?: number;
}

export class ScheduleCursorQuery {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsMongoId()
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class LastRunView {
  @ApiProperty() occurrenceAt!: string;
  @ApiProperty({ nullable: true, type: String }) firedAt!: string | null;
  @ApiProperty({ enum: ScheduleRunDecision }) decision!: ScheduleRunDecision;
  @ApiProperty({ nullable: true, type: String }) jobId!: string | null;
  @ApiProperty({ enum: JobStatus, nullable: true }) status!: JobStatus | null;
  @ApiProperty({ nullable: true, type: Number }) durationMs!: number | null;
}

export class ScheduleView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: JobType }) type!: JobType;
  @ApiProperty({ type: Object }) params!: Record<string, unknown>;
  @ApiProperty() cron!: string;
  @ApiProperty() timezone!: string;
  @ApiProperty() enabled!: boolean;
  @ApiProperty() paused!: boolean;
  @ApiProperty({ enum: MisfirePolicy }) misfirePolicy!: MisfirePolicy;
  @ApiProperty() misfireFireAllCap!: number;
  @ApiProperty({ enum: OverlapPolicy }) overlapPolicy!: OverlapPolicy;
  @ApiProperty({ nullable: true, type: String }) nextRunAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Occurrence held back by buffer_one' }) bufferedOccurrenceAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'A run-now request not picked up yet' }) runNowRequestedAt!: string | null;
  @ApiProperty({ nullable: true, type: LastRunView }) lastRun!: LastRunView | null;
  @ApiProperty({ example: { fired: 3, skipped: 1, failed: 0 } }) counters!: { fired: number; skipped: number; failed: number };
  @ApiProperty({ nullable: true, type: String }) libraryId!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class SchedulePage {
  @ApiProperty({ type: [ScheduleView] }) items!: ScheduleView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ScheduleRunView extends LastRunView {
  @ApiProperty() id!: string;
  @ApiProperty() scheduleId!: string;
  @ApiProperty({ enum: ScheduleRunTrigger }) trigger!: ScheduleRunTrigger;
  @ApiProperty({ type: [String] }) jobIds!: string[];
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String }) summary!: string | null;
}

export class ScheduleRunPage {
  @ApiProperty({ type: [ScheduleRunView] }) items!: ScheduleRunView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class SchedulePreviewView {
  @ApiProperty() cron!: string;
  @ApiProperty() timezone!: string;
  @ApiProperty({ type: [String], description: 'Next fire times (ISO, UTC)' }) fireTimes!: string[];
}

export class RunNowAcceptedView {
  @ApiProperty() scheduleId!: string;
  @ApiProperty({ description: 'occurrenceAt of the run it will record (see GET /schedules/{id}/runs)' }) occurrenceAt!: string;
  @ApiProperty() force!: boolean;
}
