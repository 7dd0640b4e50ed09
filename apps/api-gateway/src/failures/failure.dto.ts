import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsMongoId, IsOptional, IsString, MaxLength } from 'class-validator';

export class FailureQuery {
  @ApiPropertyOptional({ description: 'Only this library' })
  @IsOptional()
  @IsMongoId()
  libraryId?: string;
}

export class FailedFileView {
  @ApiProperty() imageId!: string;
  @ApiProperty() libraryId!: string;
  @ApiProperty() relativePath!: string;
  @ApiProperty({ description: 'The derivatives that failed: thumbnail, cache or both' }) kinds!: string[];
  @ApiProperty({ description: 'The full reason, with the detail of this file' }) reason!: string;
}

export class FailureGroupView {
  @ApiProperty({ description: 'What went wrong, e.g. "corrupt or truncated image"' }) reason!: string;
  @ApiProperty({ description: 'Files whose current content failed this way' }) files!: number;
  @ApiProperty({ description: 'Whether rendering again can help without changing the files' }) retryable!: boolean;
  @ApiProperty({ type: [FailedFileView], description: 'The first 100 files, by path' }) sample!: FailedFileView[];
}

export class FailureGroupsView {
  @ApiProperty({ type: [FailureGroupView], description: 'Largest group first' }) groups!: FailureGroupView[];
  @ApiProperty({ description: 'Failed files in all groups' }) total!: number;
}

export class FailureRetryBody {
  @ApiProperty({ description: 'A group reason as GET /failures returns it' })
  @IsString()
  @MaxLength(2000)
  reason!: string;

  @ApiPropertyOptional({ description: 'Only this library' })
  @IsOptional()
  @IsMongoId()
  libraryId?: string;
}
