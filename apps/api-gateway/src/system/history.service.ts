import { StageName } from '@mediaflow/contracts';
import { FILES_MEMBER, HistoryWindow, MetricHistoryRepository, THROUGHPUT_SERIES, type PointValues } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { QUEUES_SERIES } from './queue-history.sampler';
import { QUEUE_OWNING_SERVICES } from './service-names';
import type { QueueSeries, StageRateSeries, SystemHistoryView } from './history.dto';

const round = (value: number): number => Math.round(value * 100) / 100;

/** Throughput and queue depth over the last hour or day, from the metric history (no job is read). */
@Injectable()
export class HistoryService {
  constructor(private readonly history: MetricHistoryRepository) {}

  async read(window: HistoryWindow, now = new Date()): Promise<SystemHistoryView> {
    const [throughput, queues] = await Promise.all([
      this.history.read(THROUGHPUT_SERIES, window, now),
      this.history.read(QUEUES_SERIES, window, now),
    ]);
    const { slots, resolutionMs } = throughput;
    // Per second over the part of the point that has passed: the last point is still filling.
    const seconds = slots.map((slot) => Math.max(1_000, Math.min(resolutionMs, now.getTime() - slot)) / 1_000);
    const rate = (points: Array<PointValues | null>, member: string, field: string): number[] =>
      points.map((point, index) => round((point?.[member]?.[field] ?? 0) / seconds[index]!));
    const gauge = (member: string, field: string): Array<number | null> => queues.points.map((point) => point?.[member]?.[field] ?? null);
    return {
      window,
      resolutionSeconds: resolutionMs / 1_000,
      times: slots,
      throughput: Object.values(StageName).map(
        (stage): StageRateSeries => ({
          stage,
          done: rate(throughput.points, stage, 'done'),
          failed: rate(throughput.points, stage, 'failed'),
          skipped: rate(throughput.points, stage, 'skipped'),
        }),
      ),
      filesDiscovered: rate(throughput.points, FILES_MEMBER, 'discovered'),
      queues: QUEUE_OWNING_SERVICES.map(
        (service): QueueSeries => ({
          service,
          messages: gauge(service, 'messages'),
          consumers: gauge(service, 'consumers'),
          deadLetters: gauge(service, 'deadLetters'),
        }),
      ),
    };
  }
}
