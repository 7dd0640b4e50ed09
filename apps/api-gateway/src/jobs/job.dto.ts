import { JobStatus, JobType, StageName, StageStatus } from '@mediaflow/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsMongoId, IsOptional } from 'class-validator';
import { PageQuery } from '../http/pagination';

export class JobListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: JobStatus })
  @IsOptional()
  @IsEnum(JobStatus)
  status?: JobStatus;

  @ApiPropertyOptional({ enum: JobType })
  @IsOptional()
  @IsEnum(JobType)
  type?: JobType;

  @ApiPropertyOptional()
  @IsOptional()
  @IsMongoId()
  libraryId?: string;
}

export class StageView {
  @ApiProperty({ enum: StageName }) name!: StageName;
  @ApiProperty({ enum: StageStatus }) status!: StageStatus;
  @ApiProperty({ type: Number, nullable: true }) total!: number | null;
  @ApiProperty() totalKnown!: boolean;
  @ApiProperty() done!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() skipped!: number;
}

export class JobSummaryView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: JobType }) type!: JobType;
  @ApiProperty({ enum: JobStatus }) status!: JobStatus;
  @ApiProperty({ type: String, nullable: true }) libraryId!: string | null;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: [StageView] }) stages!: StageView[];
  @ApiProperty({ type: String, nullable: true }) parentId!: string | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
}

export class JobPage {
  @ApiProperty({ type: [JobSummaryView] }) items!: JobSummaryView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class JobProgressView {
  @ApiProperty() processed!: number;
  @ApiProperty({ type: Number, nullable: true }) remaining!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'items/s over the running time' }) ratePerSecond!: number | null;
  @ApiProperty({ type: Number, nullable: true }) etaSeconds!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) etaAt!: string | null;
}

export class ChildJobView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: JobType }) type!: JobType;
  @ApiProperty({ enum: JobStatus }) status!: JobStatus;
}

export class ChildrenView {
  @ApiProperty() total!: number;
  @ApiProperty() finished!: number;
  @ApiProperty({ type: [ChildJobView], description: 'The first children, oldest first (capped)' }) items!: ChildJobView[];
}

export class FailureView {
  @ApiProperty({ enum: StageName }) stage!: StageName;
  @ApiProperty() itemId!: string;
  @ApiProperty({ type: String, nullable: true }) path!: string | null;
  @ApiProperty() reason!: string;
}

export class JobDetailView extends JobSummaryView {
  @ApiProperty({ type: JobProgressView }) progress!: JobProgressView;
  @ApiProperty({ type: [String] }) dependsOn!: string[];
  @ApiProperty({ type: ChildrenView }) children!: ChildrenView;
  @ApiProperty({ type: [FailureView] }) failureSample!: FailureView[];
  @ApiProperty({ type: String, nullable: true }) correlationId!: string | null;
  @ApiProperty({ type: Object, additionalProperties: true }) params!: Record<string, unknown>;
  @ApiProperty({ type: Object, nullable: true, additionalProperties: true }) result!: Record<string, unknown> | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastProgressAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Set once a cancel request reached job-tracker' })
  cancelRequestedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: string;
}

export class JobAcceptedView {
  @ApiProperty() jobId!: string;
}
