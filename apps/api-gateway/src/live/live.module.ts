import { Module } from '@nestjs/common';
import { ApiKeyRegistry } from '../auth/api-key.registry';
import { EventStreamKeyGuard } from './event-stream-key.guard';
import { JobEventsController } from './job-events.controller';
import { JobEventsService } from './job-events.service';

/** GET /api/v1/jobs/events. Mounted before HttpApiModule so `jobs/events` is not taken for `jobs/:id`. */
@Module({ controllers: [JobEventsController], providers: [JobEventsService, ApiKeyRegistry, EventStreamKeyGuard], exports: [JobEventsService] })
export class LiveModule {}
