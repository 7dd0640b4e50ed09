import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ApiRole } from '../config/api-keys';
import { QUEUE_OWNING_SERVICES } from './service-names';

export enum ServiceHealth {
  /** At least one replica consumes its queue. */
  Up = 'up',
  /** The queue exists but nobody consumes it: every replica is down or disconnected. */
  Down = 'down',
  /** No queue yet: the service never started against this broker and exchange. */
  Unknown = 'unknown',
}

export class ServiceQueueView {
  @ApiProperty({ enum: QUEUE_OWNING_SERVICES }) service!: string;
  @ApiProperty({ enum: ServiceHealth, description: 'From the consumer count: the gateway never calls other services' }) health!: ServiceHealth;
  @ApiProperty() queue!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Messages ready in the queue (null: no queue)' }) messages!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Consumers, one per replica' }) consumers!: number | null;
  @ApiProperty() deadLetterQueue!: string;
  @ApiProperty({ type: Number, nullable: true }) deadLetters!: number | null;
}

export class GatewayStatusView {
  @ApiProperty({ description: 'Whether this replica receives job updates for the live views' }) liveUpdates!: boolean;
}

export class SystemQueuesView {
  @ApiProperty({ type: [ServiceQueueView] }) services!: ServiceQueueView[];
  @ApiProperty({ type: GatewayStatusView }) gateway!: GatewayStatusView;
}

export class ServiceParam {
  @ApiProperty({ enum: QUEUE_OWNING_SERVICES })
  @IsIn(QUEUE_OWNING_SERVICES, { message: `service must be one of ${QUEUE_OWNING_SERVICES.join(', ')}` })
  service!: string;
}

export class DeadLetterReplayView {
  @ApiProperty() service!: string;
  @ApiProperty({ description: 'Moved back into the service queue under their original routing key' }) replayed!: number;
  @ApiProperty({ description: 'Left parked: they carry no original routing key' }) kept!: number;
}

export class SessionView {
  @ApiProperty({ enum: ApiRole, description: 'What the presented key may do' }) role!: ApiRole;
}
