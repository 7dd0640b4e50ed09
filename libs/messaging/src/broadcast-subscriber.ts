import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { MessagePayload, RoutingKey } from '@mediaflow/contracts';
import type { Channel, ChannelModel } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { BrokerConnection } from './broker-connection';
import { describeError } from './message-errors';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options';
import { parsePayload } from './payload-validation';
import { assertBroadcastQueue, assertExchange, QueueNames } from './topology';

export type BroadcastListener = <K extends RoutingKey>(routingKey: K, payload: MessagePayload<K>) => void;

/**
 * Every replica of a service receives every message of some routing keys (e.g. the gateway's live job
 * views), unlike @EventPattern handlers, whose replicas compete for one queue. Each instance owns an
 * exclusive, auto-deleted queue that lives as long as its connection; messages are not acked, retried or
 * dead-lettered, and those published while it is disconnected are missed, so listeners must treat them
 * as hints (reload state after a reconnect), never as the only record of anything.
 */
@Injectable()
export class BroadcastSubscriber implements OnApplicationShutdown {
  private readonly logger = new Logger(BroadcastSubscriber.name);
  private readonly listeners = new Set<BroadcastListener>();
  private readonly routingKeys = new Set<RoutingKey>();
  private readonly queue: string;
  private connection?: BrokerConnection;
  private channel?: Channel;

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {
    this.queue = new QueueNames(options).broadcast(randomUUID().slice(0, 8));
  }

  get queueName(): string {
    return this.queue;
  }

  get isConsuming(): boolean {
    return this.channel !== undefined;
  }

  /**
   * Starts receiving `routingKeys` (connecting on first use) and calls `listener` for each valid message.
   * Returns a function that removes the listener. All keys must be known before the first connect.
   */
  async subscribe(routingKeys: readonly RoutingKey[], listener: BroadcastListener): Promise<() => void> {
    const unknown = routingKeys.filter((key) => !this.routingKeys.has(key));
    if (this.connection && unknown.length > 0) {
      throw new Error(`BroadcastSubscriber is already consuming; subscribe to ${unknown.join(', ')} before the first subscription`);
    }
    routingKeys.forEach((key) => this.routingKeys.add(key));
    this.listeners.add(listener);
    if (!this.connection) {
      this.connection = new BrokerConnection(this.options.url, `${this.options.consumerGroup}:broadcast`);
      await this.connection.open({ setup: (model) => this.consume(model) });
    }
    return () => this.listeners.delete(listener);
  }

  async waitUntilConsuming(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.isConsuming) {
      if (Date.now() > deadline) throw new Error(`${this.queue} is not consuming after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.listeners.clear();
    this.channel = undefined;
    await this.connection?.close();
  }

  private async consume(model: ChannelModel): Promise<void> {
    const channel = await model.createChannel();
    channel.on('error', (error: Error) => this.logger.warn(`broadcast channel error: ${error.message}`));
    channel.on('close', () => {
      if (this.channel === channel) this.channel = undefined;
    });
    await assertExchange(channel, this.options.exchange);
    await assertBroadcastQueue(channel, this.options, this.queue, [...this.routingKeys]);
    await channel.consume(this.queue, (message) => message && this.deliver(message.fields.routingKey, message.content), { noAck: true });
    this.channel = channel;
    this.logger.log(`receiving ${[...this.routingKeys].join(', ')} on ${this.queue}`);
  }

  private deliver(routingKey: string, content: Buffer): void {
    try {
      const payload = parsePayload(routingKey as RoutingKey, JSON.parse(content.toString('utf8')) as unknown);
      this.listeners.forEach((listener) => listener(routingKey as RoutingKey, payload));
    } catch (error) {
      this.logger.warn(`dropped a broadcast ${routingKey}: ${describeError(error)}`);
    }
  }
}
