import { StageName } from '@mediaflow/contracts';
import { HistoryWindow } from '@mediaflow/persistence';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { QUEUE_OWNING_SERVICES } from './service-names';

export class HistoryQuery {
  @ApiPropertyOptional({ enum: HistoryWindow, default: HistoryWindow.Hour, description: '10m and 1h: 5 s points; 24h: 5 min points' })
  @IsOptional()
  @IsEnum(HistoryWindow, { message: `window must be one of ${Object.values(HistoryWindow).join(', ')}` })
  window: HistoryWindow = HistoryWindow.Hour;
}

export class StageRateSeries {
  @ApiProperty({ enum: StageName }) stage!: StageName;
  @ApiProperty({ type: [Number], description: 'Items done per second, one value per point' }) done!: number[];
  @ApiProperty({ type: [Number], description: 'Items failed per second' }) failed!: number[];
  @ApiProperty({ type: [Number], description: 'Items skipped per second' }) skipped!: number[];
}

export class QueueSeries {
  @ApiProperty({ enum: QUEUE_OWNING_SERVICES }) service!: string;
  @ApiProperty({ type: [Number], nullable: true, description: 'Largest backlog sampled in the point (null: no sample)' }) messages!: Array<number | null>;
  @ApiProperty({ type: [Number], nullable: true, description: 'Fewest consumers sampled in the point (0: stalled or down)' }) consumers!: Array<number | null>;
  @ApiProperty({ type: [Number], nullable: true, description: 'Largest dead-letter count sampled in the point' }) deadLetters!: Array<number | null>;
}

export class SystemHistoryView {
  @ApiProperty({ enum: HistoryWindow }) window!: HistoryWindow;
  @ApiProperty({ description: 'Seconds per point' }) resolutionSeconds!: number;
  @ApiProperty({ type: [Number], description: 'Start of each point, ms since the epoch, oldest first; the last is still filling' }) times!: number[];
  @ApiProperty({ type: [StageRateSeries], description: 'Items handled per second, per job stage' }) throughput!: StageRateSeries[];
  @ApiProperty({ type: [Number], description: 'Files found on disk by scans, per second' }) filesDiscovered!: number[];
  @ApiProperty({ type: [QueueSeries] }) queues!: QueueSeries[];
}
