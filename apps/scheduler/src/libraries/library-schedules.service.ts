import { JobType, LibraryChange, MisfirePolicy, OverlapPolicy, ScanMode, type LibraryChangedV1 } from '@mediaflow/contracts';
import { isDuplicateKeyError, ScheduledJob, ScheduledJobRun, ScheduleFiring } from '@mediaflow/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { SchedulerEnv } from '../config/scheduler.env';
import { Clock } from '../time/clock';

export function libraryScanScheduleName(libraryId: string): string {
  return `library:${libraryId}:scan`;
}

/**
 * Every new library gets a daily incremental scan (editable and removable through the schedule API);
 * a deleted library takes its schedules and their runs with it.
 */
@Injectable()
export class LibrarySchedulesService {
  private readonly logger = new Logger(LibrarySchedulesService.name);

  constructor(
    @InjectModel(ScheduledJob.name) private readonly schedules: Model<ScheduledJob>,
    @InjectModel(ScheduleFiring.name) private readonly firings: Model<ScheduleFiring>,
    @InjectModel(ScheduledJobRun.name) private readonly runs: Model<ScheduledJobRun>,
    private readonly clock: Clock,
    private readonly env: SchedulerEnv,
  ) {}

  async libraryChanged(event: LibraryChangedV1): Promise<void> {
    if (event.change === LibraryChange.Created) await this.createDefaultScan(event.libraryId);
    if (event.change === LibraryChange.Deleted) await this.removeSchedules(event.libraryId);
  }

  private async createDefaultScan(libraryId: string): Promise<void> {
    const cron = this.env.SCHEDULER_DEFAULT_SCAN_CRON;
    const timezone = this.env.SCHEDULER_DEFAULT_TIMEZONE;
    try {
      // The unique name makes a redelivered "created" a no-op.
      await this.schedules.create({
        name: libraryScanScheduleName(libraryId),
        type: JobType.LibraryScan,
        params: { libraryId, mode: ScanMode.Incremental },
        cron,
        timezone,
        misfirePolicy: MisfirePolicy.FireOnce,
        overlapPolicy: OverlapPolicy.Skip,
        libraryId: new Types.ObjectId(libraryId),
        timingChangedAt: this.clock.now(),
      });
      this.logger.log(`library ${libraryId}: default scan scheduled (${cron}, ${timezone})`);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  private async removeSchedules(libraryId: string): Promise<void> {
    const owned = await this.schedules.find({ libraryId: new Types.ObjectId(libraryId) }, { _id: 1 }).lean();
    const ids = owned.map((schedule) => schedule._id);
    if (ids.length === 0) return;
    await this.runs.deleteMany({ scheduleId: { $in: ids } });
    await this.schedules.deleteMany({ _id: { $in: ids } });
    await this.firings.deleteMany({ _id: { $in: ids } });
    this.logger.log(`library ${libraryId} deleted: removed ${ids.length} schedule(s)`);
  }
}
