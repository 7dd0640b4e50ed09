import { IsEnum, IsInt, IsMongoId, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { JobStatus, JobType } from '../enums';

/** A job reached a terminal status; schedulers and dependent jobs react. */
export class JobFinishedV1 {
  @IsMongoId()
  jobId!: string;

  @IsEnum(JobType)
  type!: JobType;

  @IsEnum(JobStatus)
  status!: JobStatus;

  @IsInt()
  @Min(0)
  durationMs!: number;

  @IsOptional()
  @IsMongoId()
  parentId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
