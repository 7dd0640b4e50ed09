import { QueueInspector, type ConsumerGroupQueues } from '@mediaflow/messaging';
import { Injectable } from '@nestjs/common';
import { JobEventsService } from '../live/job-events.service';
import { QUEUE_OWNING_SERVICES } from './service-names';
import { ServiceHealth, type DeadLetterReplayView, type ServiceQueueView, type SystemQueuesView } from './system.dto';

export function healthOf(queues: Pick<ConsumerGroupQueues, 'consumers'>): ServiceHealth {
  if (queues.consumers === null) return ServiceHealth.Unknown;
  return queues.consumers > 0 ? ServiceHealth.Up : ServiceHealth.Down;
}

/** Queues and health of the services, as the broker sees them. */
@Injectable()
export class SystemService {
  constructor(
    private readonly inspector: QueueInspector,
    private readonly jobEvents: JobEventsService,
  ) {}

  async queues(): Promise<SystemQueuesView> {
    const services = await Promise.all(QUEUE_OWNING_SERVICES.map((service) => this.serviceQueue(service)));
    return { services, gateway: { liveUpdates: this.jobEvents.isLive } };
  }

  async replayDeadLetters(service: string): Promise<DeadLetterReplayView> {
    return { service, ...(await this.inspector.replayDeadLetters(service)) };
  }

  private async serviceQueue(service: string): Promise<ServiceQueueView> {
    const { consumerGroup: _, ...queues } = await this.inspector.describe(service);
    return { service, health: healthOf(queues), ...queues };
  }
}
