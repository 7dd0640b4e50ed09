import { QueueInspector, type ConsumerGroupQueues } from '@mediaflow/messaging';
import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { QUEUE_OWNING_SERVICES } from './service-names';

type Snapshot = () => Promise<ConsumerGroupQueues[]>;

/** Where the gauges read the broker: the running gateway's inspector (one gateway per process). */
let snapshot: Snapshot | undefined;

/** One broker read serves the three gauges of a scrape. */
let lastRead: { at: number; queues: Promise<ConsumerGroupQueues[]> } | undefined;
const READ_REUSE_MS = 1_000;

function readQueues(): Promise<ConsumerGroupQueues[]> {
  if (!snapshot) return Promise.resolve([]);
  if (!lastRead || Date.now() - lastRead.at > READ_REUSE_MS) lastRead = { at: Date.now(), queues: snapshot() };
  return lastRead.queues;
}

function queueGauge(name: string, help: string, value: (queues: ConsumerGroupQueues) => number | null): Gauge {
  return new Gauge({
    name,
    help,
    labelNames: ['consumer_group'],
    async collect() {
      this.reset();
      for (const queues of await readQueues()) {
        const current = value(queues);
        if (current !== null) this.set({ consumer_group: queues.consumerGroup }, current);
      }
    },
  });
}

// Module-level (registered once per process); filled from the broker at each scrape of the gateway's /metrics.
queueGauge('mediaflow_queue_messages', 'Messages waiting in each service queue (a backlog), as the broker reports them.', (queues) => queues.messages);
queueGauge('mediaflow_queue_consumers', 'Consumers on each service queue (0: the service is down or stalled).', (queues) => queues.consumers);
queueGauge('mediaflow_queue_dead_letters', 'Messages parked in each service\'s dead-letter queue.', (queues) => queues.deadLetters);

/** Queue depth, consumers and dead letters of every service, in the gateway's Prometheus metrics. */
@Injectable()
export class QueueMetrics implements OnModuleInit, OnModuleDestroy {
  constructor(private readonly inspector: QueueInspector) {}

  onModuleInit(): void {
    snapshot = () => Promise.all(QUEUE_OWNING_SERVICES.map((service) => this.inspector.describe(service)));
  }

  onModuleDestroy(): void {
    snapshot = undefined;
    lastRead = undefined;
  }
}
