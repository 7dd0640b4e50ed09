import { ArrayMaxSize, ArrayMinSize, IsMongoId } from 'class-validator';

/** Derivatives of these images are no longer wanted (source deleted, library removed). */
export class DerivativesPurgeRequestedV1 {
  @IsMongoId()
  libraryId!: string;

  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @IsMongoId({ each: true })
  imageIds!: string[];
}
