import { Type } from 'class-transformer';
import { IsEnum, IsMongoId, ValidateNested } from 'class-validator';
import { JobStatus } from '../enums';

export class PrerequisiteResult {
  @IsMongoId()
  jobId!: string;

  @IsEnum(JobStatus)
  status!: JobStatus;
}

/**
 * Remove derivative files of a library that no live image owns (deleted images, stale fingerprints).
 * Sent by job-tracker when the job's prerequisites (the scan) have ended, with their results.
 */
export class DerivativesCleanupRequestedV1 {
  @IsMongoId()
  jobId!: string;

  @IsMongoId()
  libraryId!: string;

  @ValidateNested({ each: true })
  @Type(() => PrerequisiteResult)
  prerequisites!: PrerequisiteResult[];
}
