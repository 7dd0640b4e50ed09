import { JobStatus, JobType, StageName, StageStatus } from '@mediaflow/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Event names on the job stream (the SSE `event:` field). */
export enum JobStreamEventName {
  /** Sent once when the stream opens: from here on no update is missed (reload lists now). */
  Ready = 'ready',
  Updated = 'job.updated',
  Finished = 'job.finished',
  /** Every 20 s, so proxies keep an idle stream open. */
  Ping = 'ping',
}

export class JobStreamStageView {
  @ApiProperty({ enum: StageName }) name!: StageName;
  @ApiProperty({ enum: StageStatus }) status!: StageStatus;
  @ApiPropertyOptional({ description: 'Absent while the total is not known' }) total?: number;
  @ApiProperty() done!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() skipped!: number;
}

/** `data` of a job.updated event: the job.updated.v1 message. */
export class JobUpdatedEventView {
  @ApiProperty() jobId!: string;
  @ApiProperty({ enum: JobType }) type!: JobType;
  @ApiProperty({ enum: JobStatus }) status!: JobStatus;
  @ApiProperty({ type: [JobStreamStageView] }) stages!: JobStreamStageView[];
  @ApiPropertyOptional({ description: 'When the job started running; absent while it has not' }) startedAt?: string;
  @ApiPropertyOptional({ description: 'When the job ended; absent while it runs' }) finishedAt?: string;
}

/** `data` of a job.finished event: the job.finished.v1 message. */
export class JobFinishedEventView {
  @ApiProperty() jobId!: string;
  @ApiProperty({ enum: JobType }) type!: JobType;
  @ApiProperty({ enum: JobStatus }) status!: JobStatus;
  @ApiProperty() durationMs!: number;
  @ApiPropertyOptional() parentId?: string;
  @ApiPropertyOptional() reason?: string;
}
