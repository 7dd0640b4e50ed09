import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEnum,
  IsMongoId,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ItemOutcome, StageName } from '../enums';

export class ItemReport {
  /** Stable id of the item within the stage (an image id); the tracker counts each id once. */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  itemId!: string;

  @IsEnum(ItemOutcome)
  outcome!: ItemOutcome;

  /** Path relative to the library root, shown with failures. */
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  path?: string;

  /** Why the item failed or was skipped, in words a person can act on; for a done item, how (e.g. 'already up to date'). */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

/** Items of one stage of a job finished; batched so a large scan is not one message per file. */
export class JobItemsReportedV1 {
  @IsMongoId()
  jobId!: string;

  @IsEnum(StageName)
  stage!: StageName;

  @ArrayMinSize(1)
  @ArrayMaxSize(5_000)
  @ValidateNested({ each: true })
  @Type(() => ItemReport)
  items!: ItemReport[];
}
