import {
  JobCancelRequestedV1,
  JobFailedV1,
  JobItemsReportedV1,
  JobStageTotalV1,
  RoutingKey,
} from '@mediaflow/contracts';
import { AmqpMessageContext } from '@mediaflow/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { JobTrackerService } from '../jobs/job-tracker.service';

/** The job events job-tracker folds into BackgroundJob documents. */
@Controller()
export class JobEventsController {
  constructor(private readonly tracker: JobTrackerService) {}

  @EventPattern(RoutingKey.JobStageTotal)
  async onStageTotal(@Payload() payload: JobStageTotalV1, @Ctx() context: AmqpMessageContext): Promise<void> {
    await this.tracker.setStageTotal(payload, tokenOf(context));
  }

  @EventPattern(RoutingKey.JobItemsReported)
  async onItemsReported(@Payload() payload: JobItemsReportedV1, @Ctx() context: AmqpMessageContext): Promise<void> {
    await this.tracker.reportItems(payload, tokenOf(context));
  }

  @EventPattern(RoutingKey.JobFailed)
  async onJobFailed(@Payload() payload: JobFailedV1, @Ctx() context: AmqpMessageContext): Promise<void> {
    await this.tracker.reportFailure(payload, tokenOf(context));
  }

  @EventPattern(RoutingKey.JobCancelRequested)
  async onCancelRequested(@Payload() payload: JobCancelRequestedV1, @Ctx() context: AmqpMessageContext): Promise<void> {
    await this.tracker.requestCancel(payload, tokenOf(context));
  }
}

/** The message's id survives retries and broker redeliveries, so it identifies "this message" across them. */
function tokenOf(context: AmqpMessageContext): string {
  return context.info.messageId ?? randomUUID();
}
