import { Inject, Injectable } from '@nestjs/common';
import type { MessagePayload, RoutingKey } from '@mediaflow/contracts';
import { currentLogContext } from '@mediaflow/observability';
import { randomUUID } from 'node:crypto';
import { BrokerPublisher } from './broker-publisher';
import { MessageHeader } from './message-headers';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options';
import { parsePayload } from './payload-validation';

export interface PublishMeta {
  /** Defaults to the correlation id of the message or request being handled, else a new one. */
  correlationId?: string;
  /** Defaults to the payload's `jobId`, else the current message's. */
  jobId?: string;
}

/** The typed way for apps to send a message: validates against the contract and waits for the broker's confirm. */
@Injectable()
export class EventPublisher {
  constructor(
    private readonly broker: BrokerPublisher,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  async publish<K extends RoutingKey>(routingKey: K, payload: MessagePayload<K>, meta: PublishMeta = {}): Promise<void> {
    const validated = parsePayload(routingKey, toPlain(payload));
    const context = currentLogContext();
    const correlationId = meta.correlationId ?? context?.correlationId ?? randomUUID();
    const jobId = meta.jobId ?? jobIdOf(validated) ?? context?.jobId;
    await this.broker.publish(this.options.exchange, routingKey, Buffer.from(JSON.stringify(validated)), {
      persistent: true,
      contentType: 'application/json',
      messageId: randomUUID(),
      correlationId,
      timestamp: Math.floor(Date.now() / 1000),
      appId: this.options.consumerGroup,
      headers: jobId ? { [MessageHeader.JobId]: jobId } : {},
    });
  }
}

function toPlain(payload: unknown): unknown {
  return JSON.parse(JSON.stringify(payload)) as unknown;
}

function jobIdOf(payload: object): string | undefined {
  const jobId = (payload as { jobId?: unknown }).jobId;
  return typeof jobId === 'string' ? jobId : undefined;
}
