import type { Channel } from 'amqplib';
import type { MessagingOptions } from './messaging.options';

/** Names of the broker objects one consumer group owns. Pure, so producers and tests agree on them. */
export class QueueNames {
  constructor(private readonly options: Pick<MessagingOptions, 'exchange' | 'consumerGroup'>) {}

  get main(): string {
    return `${this.options.exchange}.${this.options.consumerGroup}`;
  }

  get deadLetter(): string {
    return `${this.main}.dead-letter`;
  }

  retry(delayMs: number): string {
    return `${this.main}.retry.${delayMs}ms`;
  }

  /** One replica's own queue for broadcast messages (see BroadcastSubscriber). */
  broadcast(instanceId: string): string {
    return `${this.main}.broadcast.${instanceId}`;
  }
}

/** Delay before the given retry (1-based); past the configured list the last delay repeats. */
export function retryDelayFor(retry: number, delaysMs: readonly number[]): number {
  const index = Math.min(Math.max(retry, 1), delaysMs.length) - 1;
  return delaysMs[index] ?? 0;
}

export async function assertExchange(channel: Channel, exchange: string): Promise<void> {
  await channel.assertExchange(exchange, 'topic', { durable: true });
}

/**
 * Declares the consumer group's queues: a quorum queue bound to the handled routing keys, one delayed
 * retry queue per distinct delay (their TTL dead-letters the message back to the main queue), and the
 * dead-letter queue. The main queue's own delivery limit dead-letters a message that keeps killing
 * its consumer before it can be acked or rejected.
 */
export async function assertConsumerTopology(
  channel: Channel,
  options: MessagingOptions,
  routingKeys: readonly string[],
): Promise<void> {
  const names = new QueueNames(options);
  await assertExchange(channel, options.exchange);
  await channel.assertQueue(names.deadLetter, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.assertQueue(names.main, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-delivery-limit': options.maxAttempts + 5,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': names.deadLetter,
    },
  });
  for (const delayMs of new Set(options.retryDelaysMs)) {
    await channel.assertQueue(names.retry(delayMs), {
      durable: true,
      arguments: {
        'x-queue-type': 'quorum',
        'x-message-ttl': delayMs,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': names.main,
      },
    });
  }
  for (const routingKey of routingKeys) {
    await channel.bindQueue(names.main, options.exchange, routingKey);
  }
}

const BROADCAST_QUEUE_MAX_LENGTH = 10_000;

/**
 * Declares a replica's broadcast queue: exclusive and auto-deleted, so the broker removes it with the
 * connection, and classic (quorum queues cannot be exclusive). A length cap keeps a stalled replica from
 * piling up messages nobody will read.
 */
export async function assertBroadcastQueue(
  channel: Channel,
  options: Pick<MessagingOptions, 'exchange'>,
  queue: string,
  routingKeys: readonly string[],
): Promise<void> {
  await channel.assertQueue(queue, {
    exclusive: true,
    autoDelete: true,
    durable: false,
    arguments: { 'x-queue-type': 'classic', 'x-max-length': BROADCAST_QUEUE_MAX_LENGTH, 'x-overflow': 'drop-head' },
  });
  for (const routingKey of routingKeys) {
    await channel.bindQueue(queue, options.exchange, routingKey);
  }
}
