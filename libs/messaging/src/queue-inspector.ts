import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Channel, ChannelModel, GetMessage } from 'amqplib';
import { BrokerConnection } from './broker-connection';
import { BrokerPublisher, BrokerUnavailableError, redactUrl } from './broker-publisher';
import { headerString, MessageHeader } from './message-headers';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options';
import { QueueNames } from './topology';

/** What the broker says about one consumer group's queues; null counts: the queue does not exist (yet). */
export interface ConsumerGroupQueues {
  consumerGroup: string;
  queue: string;
  messages: number | null;
  consumers: number | null;
  deadLetterQueue: string;
  deadLetters: number | null;
}

export interface DeadLetterReplay {
  /** Messages published again under their original routing key and removed from the dead-letter queue. */
  replayed: number;
  /** Messages left parked because they carry no original routing key. */
  kept: number;
}

// Headers a failed delivery added; a replayed message starts over as a first attempt.
const FAILURE_HEADERS: readonly string[] = [MessageHeader.Error, MessageHeader.FailedAt, MessageHeader.FailedBy, MessageHeader.DeliveryCount];

/**
 * Reads queue depth, consumers and dead letters of any consumer group on the exchange, and moves parked
 * messages back to their routing key (operators' tools; apps never touch amqplib themselves).
 */
@Injectable()
export class QueueInspector implements OnApplicationShutdown {
  private readonly connection: BrokerConnection;
  private opened?: Promise<void>;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly publisher: BrokerPublisher,
  ) {
    this.connection = new BrokerConnection(options.url, `${options.consumerGroup}:inspector`);
  }

  async describe(consumerGroup: string): Promise<ConsumerGroupQueues> {
    const names = new QueueNames({ exchange: this.options.exchange, consumerGroup });
    const [main, deadLetter] = await Promise.all([this.check(names.main), this.check(names.deadLetter)]);
    return {
      consumerGroup,
      queue: names.main,
      messages: main?.messageCount ?? null,
      consumers: main?.consumerCount ?? null,
      deadLetterQueue: names.deadLetter,
      deadLetters: deadLetter?.messageCount ?? null,
    };
  }

  /**
   * Puts what is parked now (not what arrives meanwhile), oldest first, back into the group's own queue,
   * where the transport reads the routing key from x-original-routing-key, as it does for retries.
   * Publishing to the exchange instead would deliver the message again to every other group bound to it.
   */
  async replayDeadLetters(consumerGroup: string, limit = 10_000): Promise<DeadLetterReplay> {
    const names = new QueueNames({ exchange: this.options.exchange, consumerGroup });
    const queue = names.deadLetter;
    const channel = await (await this.model()).createChannel();
    channel.on('error', () => undefined); // a missing queue closes the channel; check() reports it
    const result: DeadLetterReplay = { replayed: 0, kept: 0 };
    try {
      const { messageCount } = await channel.checkQueue(queue);
      for (let n = 0; n < Math.min(messageCount, limit); n += 1) {
        const message = await channel.get(queue, { noAck: false });
        if (!message) break;
        if (await this.republish(message, names.main)) {
          channel.ack(message);
          result.replayed += 1;
        } else {
          result.kept += 1; // left unacked: back in the queue when the channel closes
        }
      }
    } finally {
      await channel.close().catch(() => undefined);
    }
    return result;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }

  private async republish(message: GetMessage, mainQueue: string): Promise<boolean> {
    const headers = { ...((message.properties.headers ?? {}) as Record<string, unknown>) };
    if (!headerString(headers, MessageHeader.OriginalRoutingKey)) return false;
    FAILURE_HEADERS.forEach((name) => delete headers[name]);
    headers[MessageHeader.Attempt] = 1;
    await this.publisher.publish('', mainQueue, message.content, { ...message.properties, headers, persistent: true });
    return true;
  }

  /** checkQueue on a channel of its own: the broker closes the channel when the queue does not exist. */
  private async check(queue: string): Promise<{ messageCount: number; consumerCount: number } | null> {
    const channel: Channel = await (await this.model()).createChannel();
    channel.on('error', () => undefined);
    try {
      return await channel.checkQueue(queue);
    } catch {
      return null;
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  private async model(): Promise<ChannelModel> {
    this.opened ??= this.connection.open();
    await this.opened;
    await this.connection.waitUntilConnected(5_000).catch(() => undefined);
    const model = this.connection.channelModel;
    if (!model) throw new BrokerUnavailableError(`not connected to the broker at ${redactUrl(this.options.url)}`);
    return model;
  }
}
