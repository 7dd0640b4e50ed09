import { IsMongoId } from 'class-validator';

export class JobCancelRequestedV1 {
  @IsMongoId()
  jobId!: string;
}
