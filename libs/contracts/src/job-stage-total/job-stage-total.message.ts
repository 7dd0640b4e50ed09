import { IsEnum, IsInt, IsMongoId, Min } from 'class-validator';
import { StageName } from '../enums';

/** The number of items a stage of a job will process is now known. */
export class JobStageTotalV1 {
  @IsMongoId()
  jobId!: string;

  @IsEnum(StageName)
  stage!: StageName;

  @IsInt()
  @Min(0)
  total!: number;
}
