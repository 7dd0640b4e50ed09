import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsISO8601, IsMongoId, IsOptional, Min, ValidateNested } from 'class-validator';
import { JobStatus, JobType, StageName, StageStatus } from '../enums';

export class StageProgress {
  @IsEnum(StageName)
  name!: StageName;

  @IsEnum(StageStatus)
  status!: StageStatus;

  @IsOptional()
  @IsInt()
  @Min(0)
  total?: number;

  @IsInt()
  @Min(0)
  done!: number;

  @IsInt()
  @Min(0)
  failed!: number;

  @IsInt()
  @Min(0)
  skipped!: number;
}

/** A job's progress changed; live views (SSE) follow this. */
export class JobUpdatedV1 {
  @IsMongoId()
  jobId!: string;

  @IsEnum(JobType)
  type!: JobType;

  @IsEnum(JobStatus)
  status!: JobStatus;

  @ValidateNested({ each: true })
  @Type(() => StageProgress)
  stages!: StageProgress[];

  /** When the job started running (ISO 8601); absent while it has not. */
  @IsOptional()
  @IsISO8601()
  startedAt?: string;

  /** When the job ended (ISO 8601); absent while it runs. */
  @IsOptional()
  @IsISO8601()
  finishedAt?: string;
}
