import { IsMongoId, IsString, MaxLength, MinLength } from 'class-validator';

/** The job cannot go on (library root gone, too much would be deleted): it ends as failed with this reason. */
export class JobFailedV1 {
  @IsMongoId()
  jobId!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}
