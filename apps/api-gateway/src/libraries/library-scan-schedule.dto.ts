import { ScanMode } from '@mediaflow/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

const SCAN_MODES = [ScanMode.Incremental, ScanMode.Full] as const;

/** A library's scheduled scan as written with the library; checked like a schedule's cron and timezone. */
export class LibraryScanScheduleDto {
  @ApiProperty({ description: '5 fields (minute first) or 6 (second first)', example: '0 3 * * *' })
  @IsString()
  @MaxLength(200)
  cron!: string;

  @ApiPropertyOptional({
    description: 'IANA time zone the expression is read in (DST-aware); PATCH keeps the current one, else UTC',
    example: 'Europe/Berlin',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  timezone?: string;

  @ApiPropertyOptional({ enum: SCAN_MODES, description: 'PATCH keeps the current one, else incremental' })
  @IsOptional()
  @IsIn(SCAN_MODES)
  mode?: ScanMode;

  @ApiPropertyOptional({ description: 'PATCH keeps the current one, else true' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class LibraryScanScheduleView {
  @ApiProperty() cron!: string;
  @ApiProperty() timezone!: string;
  @ApiProperty({ enum: SCAN_MODES }) mode!: ScanMode;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null while disabled or paused' }) nextRunAt!: string | null;
}
