import { LibraryStatus } from '@mediaflow/contracts';
import type { Library } from '@mediaflow/persistence';
import type { Types } from 'mongoose';
import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { LibraryScanScheduleDto, LibraryScanScheduleView } from './library-scan-schedule.dto';

const GLOBS_MAX = 100;

export class CreateLibraryDto {
  @ApiProperty({ example: 'Family photos', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: '/libraries/family', description: 'Absolute directory inside one of LIBRARY_ROOTS' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  rootPath!: string;

  @ApiPropertyOptional({ type: [String], example: ['**/*.jpg'], description: 'Globs (relative to the root) to index; empty = everything' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(GLOBS_MAX)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  include?: string[];

  @ApiPropertyOptional({ type: [String], example: ['**/private/**'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(GLOBS_MAX)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  exclude?: string[];

  @ApiPropertyOptional({ default: false, description: 'Watch the folder and index changes as they happen' })
  @IsOptional()
  @IsBoolean()
  watch?: boolean;

  @ApiPropertyOptional({
    type: LibraryScanScheduleDto,
    nullable: true,
    description:
      'The scheduled scan (schedule `library:<id>:scan`). Left out on create: the scheduler gives the library its default ' +
      '(daily incremental at 03:00 in its configured time zone); null: no scheduled scan (PATCH null removes it).',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LibraryScanScheduleDto)
  scanSchedule?: LibraryScanScheduleDto | null;
}

/** rootPath cannot change: a library's images are relative to it; create a new library instead. */
export class UpdateLibraryDto extends PartialType(PickType(CreateLibraryDto, ['name', 'include', 'exclude', 'watch', 'scanSchedule'] as const)) {}

export class LibraryView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Realpath of the root' }) rootPath!: string;
  @ApiProperty({ type: [String] }) include!: string[];
  @ApiProperty({ type: [String] }) exclude!: string[];
  @ApiProperty() watch!: boolean;
  @ApiProperty({ enum: LibraryStatus }) status!: LibraryStatus;
  @ApiProperty({ type: String, nullable: true }) statusReason!: string | null;
  @ApiProperty() watchStatus!: string;
  @ApiProperty({ type: String, nullable: true }) watchReason!: string | null;
  @ApiProperty() imageCount!: number;
  @ApiProperty() collectionCount!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastScanAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastScanJobId!: string | null;
  @ApiProperty({ type: LibraryScanScheduleView, nullable: true, description: 'The scheduled scan, or null when there is none' })
  scanSchedule!: LibraryScanScheduleView | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: string;
}

export class LibraryPage {
  @ApiProperty({ type: [LibraryView] }) items!: LibraryView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export type LibraryRecord = Library & { _id: Types.ObjectId };

export function toLibraryView(doc: LibraryRecord, scanSchedule: LibraryScanScheduleView | null): LibraryView {
  return {
    id: doc._id.toString(),
    name: doc.name,
    rootPath: doc.rootPath,
    include: [...doc.include],
    exclude: [...doc.exclude],
    watch: doc.watch,
    status: doc.status,
    statusReason: doc.statusReason,
    watchStatus: doc.watchStatus,
    watchReason: doc.watchReason,
    imageCount: doc.imageCount,
    collectionCount: doc.collectionCount,
    lastScanAt: doc.lastScanAt?.toISOString() ?? null,
    lastScanJobId: doc.lastScanJobId?.toString() ?? null,
    scanSchedule,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}
