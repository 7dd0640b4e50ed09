import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class CronPreviewQuery {
  @ApiProperty({ description: '5 fields (minute first) or 6 (second first)', example: '0 3 * * *' })
  @IsString()
  @MaxLength(200)
  cron!: string;

  @ApiPropertyOptional({ default: 'UTC', example: 'Europe/Berlin' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  timezone?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 20, default: 5 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  count?: number;
}
