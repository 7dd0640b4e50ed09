import { Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ApiController } from '../http/api-controller.decorator';
import { ApiErrorResponses } from '../http/error-body.dto';
import { cronOccurrences } from '../schedules/schedule-cron';
import { SchedulePreviewView } from '../schedules/schedule.dto';
import { CronPreviewQuery } from './cron-preview.dto';

/** Checks a cron expression and time zone before anything is saved (forms show the reason or the next times). */
@ApiController('cron', 'schedules')
@ApiErrorResponses()
export class CronPreviewController {
  @Get('preview')
  @ApiOperation({ summary: 'Next fire times (UTC ISO) of a cron expression in a time zone; 400 with the reason when either is invalid' })
  @ApiOkResponse({ type: SchedulePreviewView })
  preview(@Query() query: CronPreviewQuery): SchedulePreviewView {
    const timezone = query.timezone?.trim() || 'UTC';
    const fireTimes = cronOccurrences(query.cron, timezone, new Date(), query.count ?? 5).map((date) => date.toISOString());
    return { cron: query.cron, timezone, fireTimes };
  }
}
