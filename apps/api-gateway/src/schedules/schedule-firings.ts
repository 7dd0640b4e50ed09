import type { ScheduleFiring } from '@mediaflow/persistence';
import type { Model, Types } from 'mongoose';
import type { FiringRow } from './schedule-views';

/**
 * Reads the scheduler's firing state of schedules for their views. The gateway never writes it (only
 * deletes it with its schedule): see ScheduleFiring for why.
 */
export class ScheduleFirings {
  constructor(private readonly firings: Model<ScheduleFiring>) {}

  async of(ids: Types.ObjectId[]): Promise<Map<string, FiringRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.firings.find({ _id: { $in: ids } }).lean<FiringRow[]>();
    return new Map(rows.map((row) => [row._id.toHexString(), row]));
  }

  async one(id: Types.ObjectId): Promise<FiringRow | null> {
    return this.firings.findById(id).lean<FiringRow>();
  }

  async remove(id: Types.ObjectId): Promise<void> {
    await this.firings.deleteOne({ _id: id });
  }
}
