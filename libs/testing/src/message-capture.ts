import type { MessagePayload, RoutingKey } from '@mediaflow/contracts';
import { connect, type ChannelModel } from 'amqplib';
import { testBrokerUrl } from './config/test-env';

export interface CapturedMessage {
  routingKey: string;
  payload: Record<string, unknown>;
  correlationId?: string;
}

/**
 * A queue of the test's own, bound to the exchange for some routing keys (all by default), that records
 * every message the services publish. Declares the exchange as the transport does, so it works before any
 * consumer has started.
 */
export class MessageCapture {
  /** Everything captured, in arrival order; live (it grows as messages arrive). */
  readonly messages: CapturedMessage[] = [];
  /** The payloads alone, in arrival order; live too. */
  readonly payloads: unknown[] = [];

  private constructor(private readonly model: ChannelModel) {}

  static async bind(exchange: string, routingKeys: readonly string[] = ['#']): Promise<MessageCapture> {
    const model = await connect(testBrokerUrl());
    const capture = new MessageCapture(model);
    const channel = await model.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    for (const routingKey of routingKeys) await channel.bindQueue(queue, exchange, routingKey);
    await channel.consume(
      queue,
      (message) => {
        if (!message) return;
        const payload = JSON.parse(message.content.toString()) as Record<string, unknown>;
        const correlationId = typeof message.properties.correlationId === 'string' ? message.properties.correlationId : undefined;
        capture.messages.push({ routingKey: message.fields.routingKey, payload, correlationId });
        capture.payloads.push(payload);
      },
      { noAck: true },
    );
    return capture;
  }

  /** The messages published under `routingKey`. */
  messagesOf(routingKey: string): CapturedMessage[] {
    return this.messages.filter((message) => message.routingKey === routingKey);
  }

  /** Payloads published under `routingKey` whose fields include `match`. */
  of<K extends RoutingKey>(routingKey: K, match: Partial<Record<string, unknown>> = {}): Array<MessagePayload<K>> {
    return this.messagesOf(routingKey)
      .filter((message) => Object.entries(match).every(([key, value]) => message.payload[key] === value))
      .map((message) => message.payload as unknown as MessagePayload<K>);
  }

  async close(): Promise<void> {
    await this.model.close();
  }
}
