import { JobFinishedV1, LibraryChange, LibraryChangedV1, RoutingKey, ScheduleChangedV1 } from '@mediaflow/contracts';
import { Library, ScanScheduleMode } from '@mediaflow/persistence';
import { Controller } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { Model } from 'mongoose';
import { ScheduleTicker } from '../firing/schedule-ticker';
import { LibrarySchedulesService } from '../libraries/library-schedules.service';
import { RunOutcomeService } from '../runs/run-outcome.service';

@Controller()
export class SchedulerEventsController {
  constructor(
    private readonly outcomes: RunOutcomeService,
    private readonly librarySchedules: LibrarySchedulesService,
    private readonly ticker: ScheduleTicker,
    @InjectModel(Library.name) private readonly libraries: Model<Library>,
  ) {}

  @EventPattern(RoutingKey.JobFinished)
  async jobFinished(@Payload() event: JobFinishedV1): Promise<void> {
    if (await this.outcomes.jobFinished(event)) this.ticker.wake();
  }

  /** A created library gets the default scan only if it asked for it (scanScheduleMode 'default', the default). */
  @EventPattern(RoutingKey.LibraryChanged)
  async libraryChanged(@Payload() event: LibraryChangedV1): Promise<void> {
    if (event.change === LibraryChange.Created && !(await this.wantsDefaultScan(event.libraryId))) return;
    await this.librarySchedules.libraryChanged(event);
    this.ticker.wake();
  }

  /** An idle loop re-reads the store every SCHEDULER_IDLE_TICK_MS anyway; this makes a change (or a run-now) take effect at once. */
  @EventPattern(RoutingKey.ScheduleChanged)
  scheduleChanged(@Payload() _event: ScheduleChangedV1): void {
    this.ticker.wake();
  }

  /**
   * A library gone by now needs no schedule (its deletion removes schedules anyway); one written before
   * scanScheduleMode existed has no field and reads as 'default'. A custom schedule already holds the
   * unique name, so the default's insert is a no-op for it as well.
   */
  private async wantsDefaultScan(libraryId: string): Promise<boolean> {
    const library = await this.libraries.findById(libraryId, { scanScheduleMode: 1 }).lean();
    if (!library) return false;
    return (library.scanScheduleMode ?? ScanScheduleMode.Default) === ScanScheduleMode.Default;
  }
}
