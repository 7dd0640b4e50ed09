import { Body, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ApiController } from '../http/api-controller.decorator';
import { ApiErrorResponses, ErrorBodyDto } from '../http/error-body.dto';
import { JobAcceptedView } from '../jobs/job.dto';
import { FailureGroupsView, FailureQuery, FailureRetryBody } from './failure.dto';
import { FailuresService } from './failures.service';

@ApiController('failures', 'failures')
@ApiErrorResponses()
export class FailuresController {
  constructor(private readonly failures: FailuresService) {}

  @Get()
  @ApiOperation({ summary: 'Render failures standing now, across jobs, grouped by reason (largest group first), each with its files' })
  @ApiOkResponse({ type: FailureGroupsView })
  groups(@Query() query: FailureQuery): Promise<FailureGroupsView> {
    return this.failures.groups(query.libraryId);
  }

  @Post('retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Render a group\'s files again as one job, where that can help (unreadable files, missing tools, time-outs)' })
  @ApiAcceptedResponse({ type: JobAcceptedView })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'The group is not retryable, or nothing fails that way now' })
  async retry(@Body() body: FailureRetryBody): Promise<JobAcceptedView> {
    return { jobId: await this.failures.retry(body.reason, body.libraryId) };
  }
}
