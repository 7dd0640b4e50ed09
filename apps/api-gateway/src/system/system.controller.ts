import { Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { presentedKey } from '../auth/api-key.guard';
import { ApiKeyRegistry } from '../auth/api-key.registry';
import { ApiController } from '../http/api-controller.decorator';
import { ApiError } from '../http/api-error';
import { ApiErrorResponses } from '../http/error-body.dto';
import { HistoryQuery, SystemHistoryView } from './history.dto';
import { HistoryService } from './history.service';
import { DeadLetterReplayView, ServiceParam, SessionView, SystemQueuesView } from './system.dto';
import { SystemService } from './system.service';

@ApiController('system', 'system')
@ApiErrorResponses()
export class SystemController {
  constructor(
    private readonly system: SystemService,
    private readonly keys: ApiKeyRegistry,
    private readonly history: HistoryService,
  ) {}

  @Get('queues')
  @ApiOperation({ summary: 'Per service: queue depth, consumers, dead letters and health (from the consumer count)' })
  @ApiOkResponse({ type: SystemQueuesView })
  queues(): Promise<SystemQueuesView> {
    return this.system.queues();
  }

  @Get('history')
  @ApiOperation({ summary: 'Throughput per stage, files discovered and queue depth per service over the last hour or day' })
  @ApiOkResponse({ type: SystemHistoryView })
  historyOf(@Query() query: HistoryQuery): Promise<SystemHistoryView> {
    return this.history.read(query.window);
  }

  @Post('queues/:service/replay-dead-letters')
  @HttpCode(200)
  @ApiOperation({ summary: "Move the service's parked messages back into its queue, as first attempts (admin)" })
  @ApiOkResponse({ type: DeadLetterReplayView })
  replay(@Param() params: ServiceParam): Promise<DeadLetterReplayView> {
    return this.system.replayDeadLetters(params.service);
  }

  @Get('session')
  @ApiOperation({ summary: 'The role of the presented key (the dashboard hides what it may not do)' })
  @ApiOkResponse({ type: SessionView })
  session(@Headers() headers: Record<string, string | string[] | undefined>): SessionView {
    const role = this.keys.roleOf(presentedKey(headers) ?? '');
    if (!role) throw new ApiError(401, 'API_KEY_INVALID', 'The API key is not valid');
    return { role };
  }
}
