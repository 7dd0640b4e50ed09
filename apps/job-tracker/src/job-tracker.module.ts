import { Module } from '@nestjs/common';
import { DependentStarter } from './dag/dependent-starter';
import { JobEventsController } from './handlers/job-events.controller';
import { Clock } from './jobs/clock';
import { JobFolder } from './jobs/job-folder';
import { JobNotifier } from './jobs/job-notifier';
import { JobTrackerService } from './jobs/job-tracker.service';
import { JobStore } from './jobs/job.store';

/** The job-tracker's own handlers and use cases; the service kit adds broker, store, health and metrics. */
@Module({
  controllers: [JobEventsController],
  providers: [Clock, JobStore, JobFolder, JobNotifier, DependentStarter, JobTrackerService],
})
export class JobTrackerModule {}
