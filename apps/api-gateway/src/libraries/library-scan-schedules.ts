import { JobType, MisfirePolicy, OverlapPolicy, ScanMode } from '@mediaflow/contracts';
import { isDuplicateKeyError, type ScheduledJob, type ScheduledJobRun, type ScheduleFiring } from '@mediaflow/persistence';
import { Types, type Model } from 'mongoose';
import { nextCronOccurrence } from '../schedules/schedule-cron';
import { ScheduleFirings } from '../schedules/schedule-firings';
import { nextRunOf, type FiringRow, type ScheduleRow } from '../schedules/schedule-views';
import type { LibraryScanScheduleDto, LibraryScanScheduleView } from './library-scan-schedule.dto';

/** The scheduler's name for a library's scan schedule (apps/scheduler/src/libraries); apps cannot import each other. */
export function libraryScanScheduleName(libraryId: string): string {
  return `library:${libraryId}:scan`;
}

/** What a library's scan schedule will be, checked (400 with the parser's reason) before anything is written. */
export interface ScanSchedulePlan {
  cron: string;
  timezone: string;
  mode: ScanMode;
  enabled: boolean;
}

/**
 * The library's `library:<id>:scan` schedule, written by the gateway when the library's request says
 * what it should be. One document per library (unique name); the gateway is its only writer while the
 * library's scanScheduleMode is custom|none, the schedule API the other.
 */
export class LibraryScanSchedules {
  private readonly firings: ScheduleFirings;

  constructor(
    private readonly schedules: Model<ScheduledJob>,
    private readonly runs: Model<ScheduledJobRun>,
    firings: Model<ScheduleFiring>,
  ) {
    this.firings = new ScheduleFirings(firings);
  }

  /** Merges the request with the current schedule (or the defaults) and validates cron and zone. */
  plan(input: LibraryScanScheduleDto, current: ScheduleRow | null): ScanSchedulePlan {
    const plan: ScanSchedulePlan = {
      cron: input.cron,
      timezone: input.timezone ?? current?.timezone ?? 'UTC',
      mode: input.mode ?? (current?.params?.['mode'] as ScanMode | undefined) ?? ScanMode.Incremental,
      enabled: input.enabled ?? current?.enabled ?? true,
    };
    nextCronOccurrence(plan.cron, plan.timezone, new Date());
    return plan;
  }

  async find(libraryId: string): Promise<ScheduleRow | null> {
    return this.schedules.findOne({ name: libraryScanScheduleName(libraryId) }).lean<ScheduleRow>();
  }

  /** The views of many libraries' schedules at once, by library id. */
  async viewsOf(libraryIds: string[]): Promise<Map<string, LibraryScanScheduleView>> {
    const rows = await this.schedules.find({ name: { $in: libraryIds.map(libraryScanScheduleName) } }).lean<ScheduleRow[]>();
    const firings = await this.firings.of(rows.map((row) => row._id));
    return new Map(rows.map((row) => [row.libraryId?.toString() ?? '', scanScheduleView(row, firings.get(row._id.toHexString()) ?? null)]));
  }

  /**
   * Creates or replaces the schedule; returns its id. A change of cron, zone or enabled stamps
   * timingChangedAt, from which the scheduler plans the next occurrence (as the schedule API does).
   */
  async upsert(libraryId: string, plan: ScanSchedulePlan, current: ScheduleRow | null): Promise<Types.ObjectId> {
    const timingChanged = !current || current.cron !== plan.cron || current.timezone !== plan.timezone || current.enabled !== plan.enabled;
    const fields = {
      cron: plan.cron,
      timezone: plan.timezone,
      enabled: plan.enabled,
      params: { libraryId, mode: plan.mode },
      ...(timingChanged ? { timingChangedAt: new Date() } : {}),
    };
    if (current) {
      await this.schedules.updateOne({ _id: current._id }, { $set: fields });
      return current._id;
    }
    try {
      const created = await this.schedules.create({
        ...fields,
        name: libraryScanScheduleName(libraryId),
        type: JobType.LibraryScan,
        misfirePolicy: MisfirePolicy.FireOnce,
        overlapPolicy: OverlapPolicy.Skip,
        libraryId: new Types.ObjectId(libraryId),
      });
      return created._id;
    } catch (error) {
      // Written meanwhile (e.g. the scheduler's default): take it over.
      const existing = isDuplicateKeyError(error) ? await this.find(libraryId) : null;
      if (!existing) throw error;
      await this.schedules.updateOne({ _id: existing._id }, { $set: { ...fields, timingChangedAt: new Date() } });
      return existing._id;
    }
  }

  /** Removes the schedule and its run history; returns the removed schedule's id, if there was one. */
  async remove(libraryId: string): Promise<Types.ObjectId | null> {
    const current = await this.find(libraryId);
    if (!current) return null;
    await this.schedules.deleteOne({ _id: current._id });
    await this.firings.remove(current._id);
    await this.runs.deleteMany({ scheduleId: current._id });
    return current._id;
  }
}

export function scanScheduleView(row: ScheduleRow, firing: FiringRow | null): LibraryScanScheduleView {
  const mode = row.params?.['mode'];
  return {
    cron: row.cron,
    timezone: row.timezone,
    mode: mode === ScanMode.Full ? ScanMode.Full : ScanMode.Incremental,
    enabled: row.enabled,
    nextRunAt: nextRunOf(row, firing)?.toISOString() ?? null,
  };
}
