import { Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ApiController } from '../http/api-controller.decorator';
import { ApiErrorResponses, ErrorBodyDto } from '../http/error-body.dto';
import { ParseObjectIdPipe } from '../http/object-id.pipe';
import { JobAcceptedView, JobDetailView, JobListQuery, JobPage } from './job.dto';
import { JobCommandsService } from './job-commands.service';
import { JobsQueryService } from './jobs-query.service';

@ApiController('jobs', 'jobs')
@ApiErrorResponses()
export class JobsController {
  constructor(
    private readonly query: JobsQueryService,
    private readonly commands: JobCommandsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Jobs, newest first' })
  @ApiOkResponse({ type: JobPage })
  list(@Query() query: JobListQuery): Promise<JobPage> {
    return this.query.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: JobDetailView })
  detail(@Param('id', ParseObjectIdPipe) id: string): Promise<JobDetailView> {
    return this.query.detail(id);
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @ApiOperation({ summary: 'Ask for the job to be cancelled; its status becomes cancelled shortly after' })
  @ApiAcceptedResponse({ type: JobAcceptedView })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'The job has already ended' })
  async cancel(@Param('id', ParseObjectIdPipe) id: string): Promise<JobAcceptedView> {
    await this.commands.cancel(id);
    return { jobId: id };
  }

  @Post(':id/retry-failed')
  @HttpCode(202)
  @ApiOperation({ summary: 'Render again the thumbnails/cache images that failed in this job and its children, as a new job' })
  @ApiAcceptedResponse({ type: JobAcceptedView })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'Nothing failed' })
  async retryFailed(@Param('id', ParseObjectIdPipe) id: string): Promise<JobAcceptedView> {
    return { jobId: await this.commands.retryFailed(id) };
  }
}
