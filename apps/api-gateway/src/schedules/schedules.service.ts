import { JobType, RoutingKey, ScheduleChange } from '@mediaflow/contracts';
import { EventPublisher } from '@mediaflow/messaging';
import { idPage, isDuplicateKeyError, ScheduledJob, ScheduledJobRun, ScheduleFiring } from '@mediaflow/persistence';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { cronOccurrences, nextCronOccurrence } from './schedule-cron';
import { validateParams } from './schedule-params';
import { ScheduleFirings } from './schedule-firings';
import { scheduleRunView, scheduleView, toCursorPage, type ScheduleRow, type ScheduleRunRow } from './schedule-views';
import type {
  CreateScheduleDto,
  RunNowAcceptedView,
  ScheduleCursorQuery,
  SchedulePage,
  SchedulePreviewView,
  ScheduleRunPage,
  ScheduleView,
  UpdateScheduleDto,
} from './schedule.dto';

const DEFAULT_LIMIT = 50;

/**
 * The schedule API. It writes the schedules' definitions (ScheduledJob) and publishes schedule.changed;
 * the schedulers read the store every tick, so the message only makes a change take effect sooner.
 * A change to cron, time zone or state stamps timingChangedAt; the scheduler plans the next occurrence
 * after it. The firing state (next run, last run, counters) is the scheduler's, only read here.
 */
@Injectable()
export class SchedulesService {
  private readonly firings: ScheduleFirings;

  constructor(
    @InjectModel(ScheduledJob.name) private readonly schedules: Model<ScheduledJob>,
    @InjectModel(ScheduledJobRun.name) private readonly runs: Model<ScheduledJobRun>,
    @InjectModel(ScheduleFiring.name) firings: Model<ScheduleFiring>,
    private readonly publisher: EventPublisher,
  ) {
    this.firings = new ScheduleFirings(firings);
  }

  async list(query: ScheduleCursorQuery): Promise<SchedulePage> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.schedules.find(idPage(query.cursor, 'ascending')).sort({ _id: 1 }).limit(limit + 1).lean<ScheduleRow[]>();
    const firings = await this.firings.of(rows.map((row) => row._id));
    return toCursorPage(rows, limit, (row) => scheduleView(row, firings.get(row._id.toHexString()) ?? null));
  }

  async get(id: string): Promise<ScheduleView> {
    const row = await this.find(id);
    return scheduleView(row, await this.firings.one(row._id));
  }

  async create(dto: CreateScheduleDto): Promise<ScheduleView> {
    const params = dto.params ?? {};
    const libraryId = validateParams(dto.type, params);
    const timezone = dto.timezone ?? 'UTC';
    const enabled = dto.enabled ?? true;
    const now = new Date();
    nextCronOccurrence(dto.cron, timezone, now); // 400 with the parser's reason
    try {
      const created = await this.schedules.create({
        ...dto,
        params,
        timezone,
        enabled,
        libraryId: libraryId ? new Types.ObjectId(libraryId) : null,
        timingChangedAt: now,
      });
      await this.changed(created._id, ScheduleChange.Created);
      return this.get(created._id.toString());
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new ConflictException(`a schedule named "${dto.name}" exists already`);
      throw error;
    }
  }

  async update(id: string, dto: UpdateScheduleDto): Promise<ScheduleView> {
    const current = await this.find(id);
    const cron = dto.cron ?? current.cron;
    const timezone = dto.timezone ?? current.timezone;
    const set: Record<string, unknown> = { ...dto };
    const now = new Date();
    nextCronOccurrence(cron, timezone, now); // 400 with the parser's reason
    if (dto.params) {
      const libraryId = validateParams(current.type as JobType, dto.params);
      set['libraryId'] = libraryId ? new Types.ObjectId(libraryId) : null;
    }
    if (dto.cron !== undefined || dto.timezone !== undefined) set['timingChangedAt'] = now;
    try {
      await this.schedules.updateOne({ _id: current._id }, { $set: set });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new ConflictException(`a schedule named "${dto.name ?? ''}" exists already`);
      throw error;
    }
    await this.changed(current._id, ScheduleChange.Updated);
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    const current = await this.find(id);
    await this.schedules.deleteOne({ _id: current._id });
    await this.firings.remove(current._id);
    await this.runs.deleteMany({ scheduleId: current._id });
    await this.changed(current._id, ScheduleChange.Deleted);
  }

  /** pause/resume and enable/disable; resuming starts from the next occurrence after now (no catch-up). */
  async setState(id: string, state: { enabled?: boolean; paused?: boolean }): Promise<ScheduleView> {
    const current = await this.find(id);
    const after = { enabled: state.enabled ?? current.enabled, paused: state.paused ?? current.paused };
    await this.schedules.updateOne({ _id: current._id }, { $set: { ...after, timingChangedAt: new Date() } });
    await this.changed(current._id, ScheduleChange.Updated);
    return this.get(id);
  }

  async runNow(id: string, force: boolean): Promise<RunNowAcceptedView> {
    const current = await this.find(id);
    // Cron occurrences fall on whole seconds; a manual one never does, so it cannot take a cron occurrence's run.
    const now = Date.now();
    const requestedAt = new Date(now % 1000 === 0 ? now + 1 : now);
    await this.schedules.updateOne({ _id: current._id }, { $set: { runNowRequestedAt: requestedAt, runNowForce: force } });
    await this.changed(current._id, ScheduleChange.Updated);
    return { scheduleId: id, occurrenceAt: requestedAt.toISOString(), force };
  }

  async preview(id: string, count: number): Promise<SchedulePreviewView> {
    const current = await this.find(id);
    const fireTimes = cronOccurrences(current.cron, current.timezone, new Date(), count).map((date) => date.toISOString());
    return { cron: current.cron, timezone: current.timezone, fireTimes };
  }

  async listRuns(id: string, query: ScheduleCursorQuery): Promise<ScheduleRunPage> {
    const current = await this.find(id);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.runs.find({ scheduleId: current._id, ...idPage(query.cursor, 'descending') }).sort({ _id: -1 }).limit(limit + 1).lean<ScheduleRunRow[]>();
    return toCursorPage(rows, limit, scheduleRunView);
  }

  private async find(id: string): Promise<ScheduleRow> {
    const row = await this.schedules.findById(id).lean<ScheduleRow>();
    if (!row) throw new NotFoundException(`schedule ${id} does not exist`);
    return row;
  }

  private async changed(scheduleId: Types.ObjectId, change: ScheduleChange): Promise<void> {
    await this.publisher.publish(RoutingKey.ScheduleChanged, { scheduleId: scheduleId.toString(), change });
  }
}
