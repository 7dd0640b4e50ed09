import { IsEnum, IsMongoId } from 'class-validator';
import { ScanMode } from '../enums';

/** Asks scan-worker to crawl one library and bring the store in line with the disk. */
export class LibraryScanRequestedV1 {
  @IsMongoId()
  jobId!: string;

  @IsMongoId()
  libraryId!: string;

  @IsEnum(ScanMode)
  mode!: ScanMode;
}
