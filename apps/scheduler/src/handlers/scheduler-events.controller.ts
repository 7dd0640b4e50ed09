import { JobFinishedV1, LibraryChangedV1, RoutingKey, ScheduleChangedV1 } from '@mediaflow/contracts';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ScheduleTicker } from '../firing/schedule-ticker';
import { LibrarySchedulesService } from '../libraries/library-schedules.service';
import { RunOutcomeService } from '../runs/run-outcome.service';

@Controller()
export class SchedulerEventsController {
  constructor(
    private readonly outcomes: RunOutcomeService,
    private readonly librarySchedules: LibrarySchedulesService,
    private readonly ticker: ScheduleTicker,
  ) {}

  @EventPattern(RoutingKey.JobFinished)
  async jobFinished(@Payload() event: JobFinishedV1): Promise<void> {
    await this.outcomes.jobFinished(event);
  }

  @EventPattern(RoutingKey.LibraryChanged)
  async libraryChanged(@Payload() event: LibraryChangedV1): Promise<void> {
    await this.librarySchedules.libraryChanged(event);
  }

  /** The store is re-read every tick anyway; this only makes a change (or a run-now) take effect at once. */
  @EventPattern(RoutingKey.ScheduleChanged)
  scheduleChanged(@Payload() _event: ScheduleChangedV1): void {
    this.ticker.wake();
  }
}
