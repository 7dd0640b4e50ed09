import { IsEnum, IsMongoId } from 'class-validator';
import { LibraryChange } from '../enums';

/** A library was created, edited or deleted through the API; watcher and scheduler react. */
export class LibraryChangedV1 {
  @IsMongoId()
  libraryId!: string;

  @IsEnum(LibraryChange)
  change!: LibraryChange;
}
