import { Module } from '@nestjs/common';
import { MongoScheduleStore } from './firing/mongo-schedule.store';
import { ScheduleFirer } from './firing/schedule-firer';
import { ScheduleTicker } from './firing/schedule-ticker';
import { ScheduleStore } from './firing/schedule.store';
import { SchedulerEventsController } from './handlers/scheduler-events.controller';
import { JobLauncher } from './jobs/job-launcher';
import { LibraryJobs } from './jobs/library-jobs';
import { Retention } from './jobs/retention';
import { ScheduledJobLauncher } from './jobs/scheduled-job.launcher';
import { StaleJobRecovery } from './jobs/stale-job-recovery';
import { SystemSchedulesSeeder } from './jobs/system-schedules.seeder';
import { LibrarySchedulesService } from './libraries/library-schedules.service';
import { RunOutcomeService } from './runs/run-outcome.service';
import { Clock } from './time/clock';

/** The scheduler's own handlers and use cases; the service kit adds broker, store, health and metrics. */
@Module({
  controllers: [SchedulerEventsController],
  providers: [
    Clock,
    { provide: ScheduleStore, useClass: MongoScheduleStore },
    { provide: JobLauncher, useClass: ScheduledJobLauncher },
    LibraryJobs,
    StaleJobRecovery,
    Retention,
    ScheduleFirer,
    ScheduleTicker,
    RunOutcomeService,
    LibrarySchedulesService,
    SystemSchedulesSeeder,
  ],
})
export class SchedulerModule {}
