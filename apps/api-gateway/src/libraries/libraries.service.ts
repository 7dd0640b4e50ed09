import { LibraryChange, RoutingKey, ScheduleChange } from '@mediaflow/contracts';
import { EventPublisher } from '@mediaflow/messaging';
import { idPage, isDuplicateKeyError, Library, ScanScheduleMode, ScheduledJob, ScheduledJobRun, ScheduleFiring } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { ApiGatewayEnv } from '../config/api-gateway.env';
import { ApiError } from '../http/api-error';
import { pageLimit, toPage, type Page, type PageQuery } from '../http/pagination';
import { toLibraryView, type CreateLibraryDto, type LibraryRecord, type LibraryView, type UpdateLibraryDto } from './library.dto';
import { resolveLibraryRoot } from './library-root.validator';
import { LibraryScanSchedules } from './library-scan-schedules';

/**
 * Library CRUD. Every change is announced with library.changed.v1 so watcher, scheduler and workers follow.
 * A library's scan schedule (`scanSchedule`) is written here before the announcement; the library's
 * scanScheduleMode tells the scheduler whether to give it the default one (only when 'default').
 */
@Injectable()
export class LibrariesService {
  private readonly scanSchedules: LibraryScanSchedules;

  constructor(
    @InjectModel(Library.name) private readonly libraries: Model<Library>,
    @InjectModel(ScheduledJob.name) schedules: Model<ScheduledJob>,
    @InjectModel(ScheduledJobRun.name) runs: Model<ScheduledJobRun>,
    @InjectModel(ScheduleFiring.name) firings: Model<ScheduleFiring>,
    private readonly publisher: EventPublisher,
    private readonly env: ApiGatewayEnv,
  ) {
    this.scanSchedules = new LibraryScanSchedules(schedules, runs, firings);
  }

  async create(input: CreateLibraryDto): Promise<LibraryView> {
    const { scanSchedule, ...fields } = input;
    const plan = scanSchedule ? this.scanSchedules.plan(scanSchedule, null) : null;
    const rootPath = await resolveLibraryRoot(input.rootPath, this.env.LIBRARY_ROOTS);
    let created: LibraryRecord;
    try {
      created = (await this.libraries.create({ ...fields, rootPath, scanScheduleMode: scheduleModeOf(scanSchedule) })).toObject();
    } catch (error) {
      throw await this.conflictOr(error, input.name, rootPath);
    }
    const libraryId = created._id.toString();
    try {
      if (plan) await this.announceSchedule(await this.scanSchedules.upsert(libraryId, plan, null), ScheduleChange.Created);
      await this.announce(created._id, LibraryChange.Created);
    } catch (error) {
      // Nobody heard of it yet: undo, so a retry of the same POST does not hit a 409.
      await this.scanSchedules.remove(libraryId);
      await this.libraries.deleteOne({ _id: created._id });
      throw error;
    }
    return this.view(created);
  }

  async list(query: PageQuery): Promise<Page<LibraryView>> {
    const limit = pageLimit(query);
    const rows = await this.libraries.find(idPage(query.cursor, 'ascending')).sort({ _id: 1 }).limit(limit + 1).lean<LibraryRecord[]>();
    const views = await this.scanSchedules.viewsOf(rows.slice(0, limit).map((row) => row._id.toString()));
    return toPage(rows, limit, (row) => toLibraryView(row, views.get(row._id.toString()) ?? null));
  }

  async get(id: string): Promise<LibraryView> {
    return this.view(await this.find(id));
  }

  /** scanSchedule: an object creates or replaces the schedule (fields left out keep their value), null removes it. */
  async update(id: string, input: UpdateLibraryDto): Promise<LibraryView> {
    const current = await this.find(id);
    if (Object.keys(input).length === 0) return this.view(current);
    const { scanSchedule, ...fields } = input;
    const currentSchedule = scanSchedule ? await this.scanSchedules.find(id) : null;
    const plan = scanSchedule ? this.scanSchedules.plan(scanSchedule, currentSchedule) : null;
    const set = scanSchedule === undefined ? fields : { ...fields, scanScheduleMode: scheduleModeOf(scanSchedule) };
    let updated: LibraryRecord | null;
    try {
      updated = await this.libraries.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after', runValidators: true }).lean<LibraryRecord>();
    } catch (error) {
      throw await this.conflictOr(error, input.name);
    }
    if (!updated) throw notFound(id);
    if (plan) {
      const change = currentSchedule ? ScheduleChange.Updated : ScheduleChange.Created;
      await this.announceSchedule(await this.scanSchedules.upsert(id, plan, currentSchedule), change);
    }
    if (scanSchedule === null) await this.announceSchedule(await this.scanSchedules.remove(id), ScheduleChange.Deleted);
    await this.announce(updated._id, LibraryChange.Updated);
    return this.view(updated);
  }

  /** Removes the library document only; scan-worker and render workers clean up on library.changed.v1. */
  async remove(id: string): Promise<void> {
    const deleted = await this.libraries.findOneAndDelete({ _id: id }).lean<LibraryRecord>();
    if (!deleted) throw notFound(id);
    try {
      await this.announce(deleted._id, LibraryChange.Deleted);
    } catch (error) {
      // Without the message nothing would clean up its images and derivatives: put it back so DELETE can be retried.
      await this.libraries.create(deleted);
      throw error;
    }
  }

  async find(id: string): Promise<LibraryRecord> {
    const library = await this.libraries.findById(id).lean<LibraryRecord>();
    if (!library) throw notFound(id);
    return library;
  }

  private async view(library: LibraryRecord): Promise<LibraryView> {
    const id = library._id.toString();
    return toLibraryView(library, (await this.scanSchedules.viewsOf([id])).get(id) ?? null);
  }

  private async announce(libraryId: Types.ObjectId, change: LibraryChange): Promise<void> {
    await this.publisher.publish(RoutingKey.LibraryChanged, { libraryId: libraryId.toString(), change });
  }

  /** Wakes the schedulers at once instead of at their next tick, as the schedule API does. */
  private async announceSchedule(scheduleId: Types.ObjectId | null, change: ScheduleChange): Promise<void> {
    if (scheduleId) await this.publisher.publish(RoutingKey.ScheduleChanged, { scheduleId: scheduleId.toString(), change });
  }

  /**
   * A duplicate-key error means the name or the rootPath is taken. The store's error does not say
   * which index fired in the same way on MongoDB and FerretDB, so ask the store.
   */
  private async conflictOr(error: unknown, name?: string, rootPath?: string): Promise<unknown> {
    if (!isDuplicateKeyError(error)) return error;
    if (name !== undefined && (await this.libraries.exists({ name: name.trim() }))) {
      return ApiError.conflict('LIBRARY_NAME_TAKEN', `A library named "${name}" already exists; choose another name`);
    }
    return ApiError.conflict('LIBRARY_ROOT_TAKEN', `Another library already indexes ${rootPath ?? 'this rootPath'}`);
  }
}

function scheduleModeOf(scanSchedule: unknown): ScanScheduleMode {
  if (scanSchedule === undefined) return ScanScheduleMode.Default;
  return scanSchedule === null ? ScanScheduleMode.None : ScanScheduleMode.Custom;
}

export function notFound(id: string): ApiError {
  return ApiError.notFound('LIBRARY_NOT_FOUND', `No library with id ${id}`);
}
