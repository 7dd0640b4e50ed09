import { ArrayUnique, IsArray, IsEnum, IsMongoId, IsOptional, IsString, MaxLength } from 'class-validator';
import { JobType, StageName } from '../enums';

/** A BackgroundJob exists; job-tracker creates or completes its document. */
export class JobCreatedV1 {
  @IsMongoId()
  jobId!: string;

  @IsEnum(JobType)
  type!: JobType;

  @IsArray()
  @ArrayUnique()
  @IsEnum(StageName, { each: true })
  stages!: StageName[];

  @IsOptional()
  @IsMongoId()
  libraryId?: string;

  @IsOptional()
  @IsMongoId()
  parentId?: string;

  @IsOptional()
  @IsArray()
  @IsMongoId({ each: true })
  dependsOn?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}
