import { IsMongoId, IsString, MinLength } from 'class-validator';

/** Asks a render worker for one derivative of one image. Thumbnail and cache requests share this shape. */
export class RenderRequestedV1 {
  @IsMongoId()
  jobId!: string;

  @IsMongoId()
  imageId!: string;

  @IsMongoId()
  libraryId!: string;

  /** Source fingerprint the derivative must be made from; a newer one makes this request stale. */
  @IsString()
  @MinLength(1)
  fingerprint!: string;
}
