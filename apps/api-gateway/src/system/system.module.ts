import { Module } from '@nestjs/common';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { ApiKeyRegistry } from '../auth/api-key.registry';
import { CronPreviewController } from '../cron/cron-preview.controller';
import { LiveModule } from '../live/live.module';
import { SystemController } from './system.controller';
import { QueueMetrics } from './queue.metrics';
import { SystemService } from './system.service';
import { HistoryService } from './history.service';
import { QueueHistorySampler } from './queue-history.sampler';

/** What the dashboard needs beyond the resource APIs: queues and health (also as metrics and their history), throughput history, the key's role, cron previews. */
@Module({
  imports: [LiveModule],
  controllers: [SystemController, CronPreviewController],
  providers: [SystemService, QueueMetrics, QueueHistorySampler, HistoryService, ApiKeyRegistry, ApiKeyGuard],
})
export class SystemModule {}
