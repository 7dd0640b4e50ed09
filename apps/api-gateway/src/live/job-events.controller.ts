import { Controller, Sse, UseFilters, UseGuards, type MessageEvent } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { interval, map, merge, of, type Observable } from 'rxjs';
import { ApiExceptionFilter } from '../http/api-exception.filter';
import { ApiErrorResponses } from '../http/error-body.dto';
import { EVENT_STREAM_KEY_PARAM, EventStreamKeyGuard } from './event-stream-key.guard';
import { JobFinishedEventView, JobStreamEventName, JobUpdatedEventView } from './job-event.dto';
import { JobEventsService } from './job-events.service';

const PING_INTERVAL_MS = 20_000;
const RECONNECT_DELAY_MS = 3_000;

// Not ApiController: this route takes the key from the query too (see EventStreamKeyGuard).
@Controller('jobs')
@UseFilters(ApiExceptionFilter)
@UseGuards(EventStreamKeyGuard)
@ApiTags('jobs')
@ApiSecurity('api-key')
@ApiErrorResponses()
@ApiExtraModels(JobUpdatedEventView, JobFinishedEventView)
export class JobEventsController {
  constructor(private readonly events: JobEventsService) {}

  @Sse('events')
  @ApiOperation({
    summary: 'Live job progress as server-sent events',
    description:
      'Events: `ready` once the stream is open, then `job.updated` (data: JobUpdatedEventView) and `job.finished` ' +
      '(data: JobFinishedEventView) for every job, and `ping` every 20 s. Updates sent while a client is ' +
      'disconnected are not replayed: reload what you show on `ready`. Browsers cannot send headers with ' +
      `EventSource, so this route (only this one) also takes the key as ?${EVENT_STREAM_KEY_PARAM}=.`,
  })
  @ApiQuery({ name: EVENT_STREAM_KEY_PARAM, required: false, description: 'API key, for clients that cannot send the x-api-key header' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An endless text/event-stream' })
  stream(): Observable<MessageEvent> {
    return merge(
      of({ type: JobStreamEventName.Ready, data: { live: this.events.isLive }, retry: RECONNECT_DELAY_MS }),
      this.events.stream,
      interval(PING_INTERVAL_MS).pipe(map(() => ({ type: JobStreamEventName.Ping, data: {} }))),
    );
  }
}
