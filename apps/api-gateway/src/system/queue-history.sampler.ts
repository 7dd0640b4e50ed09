import { MetricHistoryRepository, type PointValues } from '@mediaflow/persistence';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ApiGatewayEnv } from '../config/api-gateway.env';
import { SystemService } from './system.service';

/** The metric series of queue depth, consumers and dead letters per service. */
export const QUEUES_SERIES = 'queues';

/**
 * Samples every service queue into the queue history. Each gateway replica samples; the history
 * keeps the largest backlog and dead-letter count and the fewest consumers seen in a slot, so
 * replicas agree and a brief stall or spike is not averaged away.
 */
@Injectable()
export class QueueHistorySampler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(QueueHistorySampler.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private failing = false;

  constructor(
    private readonly system: SystemService,
    private readonly history: MetricHistoryRepository,
    private readonly env: ApiGatewayEnv,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      // A slow broker or store skips a tick rather than piling samples up.
      this.running ??= this.sample().finally(() => (this.running = undefined));
    }, this.env.QUEUE_SAMPLE_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One sample of every service queue; a failure is logged once per outage, never thrown. */
  async sample(at = new Date()): Promise<void> {
    try {
      const { services } = await this.system.queues();
      const gauges: PointValues = {};
      for (const { service, messages, consumers, deadLetters } of services) {
        // null: that queue does not exist (yet); the chart shows a gap, not a zero.
        const known = Object.entries({ messages, consumers, deadLetters }).filter((entry): entry is [string, number] => entry[1] !== null);
        if (known.length > 0) gauges[service] = Object.fromEntries(known);
      }
      if (Object.keys(gauges).length > 0) await this.history.sample(QUEUES_SERIES, at, gauges, { consumers: 'min' });
      if (this.failing) this.logger.log('queue history sampling works again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn(`queue history not sampled (will keep trying): ${(error as Error).message}`);
      this.failing = true;
    }
  }
}
