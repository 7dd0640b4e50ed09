import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsEnum, IsMongoId, IsString, MinLength, ValidateNested } from 'class-validator';

export enum FileChangeKind {
  Added = 'added',
  Modified = 'modified',
  Removed = 'removed',
}

export class FileChange {
  @IsEnum(FileChangeKind)
  kind!: FileChangeKind;

  /** Path relative to the library root, with forward slashes. */
  @IsString()
  @MinLength(1)
  relativePath!: string;
}

/** A debounced, coalesced batch of file changes the watcher saw in one library. */
export class LibraryFilesChangedV1 {
  @IsMongoId()
  jobId!: string;

  @IsMongoId()
  libraryId!: string;

  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => FileChange)
  changes!: FileChange[];
}
