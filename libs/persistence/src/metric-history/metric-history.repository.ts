import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AnyBulkWriteOperation, Model } from 'mongoose';
import { MetricBucket } from './metric-bucket.schema';
import { bucketId, HistoryWindow, RESOLUTIONS, slotStart, WINDOWS, windowSlots, type Resolution } from './time-buckets';

/** A point's values: per member of the series (a stage, a service), its fields (done, messages, ...). */
export type PointValues = Record<string, Record<string, number>>;

/** How a gauge folds several samples of one slot into its point. */
export type GaugeFold = 'max' | 'min';

export interface SeriesHistory {
  window: HistoryWindow;
  resolutionMs: number;
  /** Slot starts (ms since the epoch), oldest first; the last one is still filling. */
  slots: number[];
  /** The point of each slot, or null where nothing was recorded. */
  points: Array<PointValues | null>;
}

const ALL_RESOLUTIONS: readonly Resolution[] = Object.values(RESOLUTIONS);

function paths(values: PointValues, only?: (field: string) => boolean): Record<string, number> {
  const flat: Record<string, number> = {};
  for (const [member, fields] of Object.entries(values)) {
    for (const [field, value] of Object.entries(fields)) if (!only || only(field)) flat[`values.${member}.${field}`] = value;
  }
  return flat;
}

/**
 * Time series the dashboard charts (throughput, queue depth) kept in the store, on a fine grid for the
 * last hour and a coarse one for the last day. Counters are added with $inc, so every replica's share
 * counts; gauges are folded with $max/$min, so replicas sampling the same broker agree.
 */
@Injectable()
export class MetricHistoryRepository {
  constructor(@InjectModel(MetricBucket.name) private readonly buckets: Model<MetricBucket>) {}

  /** Adds counts to the slot holding `at`, on every grid. */
  async add(series: string, at: Date, counts: PointValues): Promise<void> {
    const increments = paths(counts);
    if (Object.keys(increments).length === 0) return;
    await this.upsertEverywhere(series, at, { $inc: increments });
  }

  /** Folds a sample of gauges into the slot holding `at`, on every grid, each field as `folds` says (max by default). */
  async sample(series: string, at: Date, gauges: PointValues, folds: Record<string, GaugeFold> = {}): Promise<void> {
    const max = paths(gauges, (field) => folds[field] !== 'min');
    const min = paths(gauges, (field) => folds[field] === 'min');
    await this.upsertEverywhere(series, at, { ...(Object.keys(max).length ? { $max: max } : {}), ...(Object.keys(min).length ? { $min: min } : {}) });
  }

  async read(series: string, window: HistoryWindow, now: Date): Promise<SeriesHistory> {
    const { resolution } = WINDOWS[window];
    const slots = windowSlots(window, now);
    const rows = await this.buckets
      .find({ _id: { $in: slots.map((slot) => bucketId(series, resolution, slot)) } }, { at: 1, values: 1 })
      .lean<Array<Pick<MetricBucket, 'at' | 'values'>>>();
    const bySlot = new Map(rows.map((row) => [new Date(row.at).getTime(), row.values]));
    return { window, resolutionMs: resolution.ms, slots, points: slots.map((slot) => bySlot.get(slot) ?? null) };
  }

  /** Deletes the points each grid no longer keeps; returns how many. */
  async prune(now: Date): Promise<number> {
    let deleted = 0;
    for (const resolution of ALL_RESOLUTIONS) {
      const cutoff = new Date(now.getTime() - resolution.keepMs);
      deleted += (await this.buckets.deleteMany({ resolution: resolution.name, at: { $lt: cutoff } })).deletedCount;
    }
    return deleted;
  }

  private async upsertEverywhere(series: string, at: Date, update: Record<string, Record<string, number>>): Promise<void> {
    const operations: Array<AnyBulkWriteOperation<MetricBucket>> = ALL_RESOLUTIONS.map((resolution) => {
      const slot = slotStart(at, resolution);
      return {
        updateOne: {
          filter: { _id: bucketId(series, resolution, slot) },
          update: { ...update, $setOnInsert: { series, resolution: resolution.name, at: new Date(slot) } },
          upsert: true,
        },
      };
    });
    await this.buckets.bulkWrite(operations, { ordered: false });
  }
}
