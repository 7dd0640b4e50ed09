import { ScanMode } from '@mediaflow/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';

export class RequestScanDto {
  @ApiPropertyOptional({ enum: ScanMode, default: ScanMode.Incremental, description: 'full also re-fingerprints and re-renders what is not ready' })
  @IsOptional()
  @IsEnum(ScanMode)
  mode?: ScanMode;
}

export class ScanAcceptedView {
  @ApiProperty({ description: 'The library-scan job' }) jobId!: string;
  @ApiProperty({ description: 'The derivative-cleanup job that runs after the scan' }) cleanupJobId!: string;
}
