import { BadRequestException, Body, Delete, Get, HttpCode, Injectable, Param, Patch, Post, Query, type PipeTransform } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { isValidObjectId } from 'mongoose';
import { ApiController } from '../http/api-controller.decorator';
import { ApiErrorResponses } from '../http/error-body.dto';
import {
  CreateScheduleDto,
  PreviewQuery,
  RunNowAcceptedView,
  RunNowDto,
  ScheduleCursorQuery,
  SchedulePage,
  SchedulePreviewView,
  ScheduleRunPage,
  ScheduleView,
  UpdateScheduleDto,
} from './schedule.dto';
import { SchedulesService } from './schedules.service';

/** Route ids are 24-hex ObjectIds; anything else is a 400, not a 404. */
@Injectable()
export class ScheduleIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value === 'string' && /^[0-9a-f]{24}$/i.test(value) && isValidObjectId(value)) return value.toLowerCase();
    throw new BadRequestException(`schedule id "${String(value)}" is not a valid id (expected 24 hexadecimal characters)`);
  }
}

// ApiController: API-key guard (viewer keys read, admin keys write) and the API's error body.
@ApiController('schedules', 'schedules')
@ApiErrorResponses()
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Get()
  @ApiOkResponse({ type: SchedulePage })
  list(@Query() query: ScheduleCursorQuery): Promise<SchedulePage> {
    return this.schedules.list(query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a schedule; an invalid cron or time zone is a 400 with the reason' })
  @ApiCreatedResponse({ type: ScheduleView })
  create(@Body() body: CreateScheduleDto): Promise<ScheduleView> {
    return this.schedules.create(body);
  }

  @Get(':id')
  @ApiOkResponse({ type: ScheduleView })
  get(@Param('id', ScheduleIdPipe) id: string): Promise<ScheduleView> {
    return this.schedules.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: ScheduleView })
  update(@Param('id', ScheduleIdPipe) id: string, @Body() body: UpdateScheduleDto): Promise<ScheduleView> {
    return this.schedules.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted with its runs' })
  remove(@Param('id', ScheduleIdPipe) id: string): Promise<void> {
    return this.schedules.remove(id);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOkResponse({ type: ScheduleView })
  pause(@Param('id', ScheduleIdPipe) id: string): Promise<ScheduleView> {
    return this.schedules.setState(id, { paused: true });
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume from the next occurrence after now (what was missed while paused is not replayed)' })
  @ApiOkResponse({ type: ScheduleView })
  resume(@Param('id', ScheduleIdPipe) id: string): Promise<ScheduleView> {
    return this.schedules.setState(id, { paused: false });
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOkResponse({ type: ScheduleView })
  enable(@Param('id', ScheduleIdPipe) id: string): Promise<ScheduleView> {
    return this.schedules.setState(id, { enabled: true });
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOkResponse({ type: ScheduleView })
  disable(@Param('id', ScheduleIdPipe) id: string): Promise<ScheduleView> {
    return this.schedules.setState(id, { enabled: false });
  }

  @Post(':id/run-now')
  @HttpCode(202)
  @ApiOperation({ summary: 'Fire once as soon as a scheduler ticks (~1 s); respects the overlap policy unless force' })
  @ApiAcceptedResponse({ type: RunNowAcceptedView })
  runNow(@Param('id', ScheduleIdPipe) id: string, @Body() body: RunNowDto): Promise<RunNowAcceptedView> {
    return this.schedules.runNow(id, body.force ?? false);
  }

  @Get(':id/preview')
  @ApiOperation({ summary: 'The next N fire times (UTC ISO), DST applied' })
  @ApiOkResponse({ type: SchedulePreviewView })
  preview(@Param('id', ScheduleIdPipe) id: string, @Query() query: PreviewQuery): Promise<SchedulePreviewView> {
    return this.schedules.preview(id, query.count ?? 10);
  }

  @Get(':id/runs')
  @ApiOperation({ summary: 'Runs of the schedule, newest first (cursor pagination)' })
  @ApiOkResponse({ type: ScheduleRunPage })
  runs(@Param('id', ScheduleIdPipe) id: string, @Query() query: ScheduleCursorQuery): Promise<ScheduleRunPage> {
    return this.schedules.listRuns(id, query);
  }
}
