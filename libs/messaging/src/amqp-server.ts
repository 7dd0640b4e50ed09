import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { isRoutingKey, type RoutingKey } from '@mediaflow/contracts';
import { runWithLogContext } from '@mediaflow/observability';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { lastValueFrom } from 'rxjs';
import { AmqpMessageContext, type AmqpMessageInfo } from './amqp-message.context';
import { BrokerConnection } from './broker-connection';
import { BrokerPublisher } from './broker-publisher';
import { decideOnFailure } from './failure-policy';
import { describeError, InvalidMessageError } from './message-errors';
import { headerNumber, headerString, MessageHeader } from './message-headers';
import { handledCounter, handlingSeconds } from './messaging.metrics';
import type { MessagingOptions } from './messaging.options';
import { parsePayload } from './payload-validation';
import { assertConsumerTopology, QueueNames } from './topology';

/**
 * The @nestjs/microservices transport for Mediaflow: one quorum queue per consumer group, manual acks after
 * the handler's promise settles, delayed retries, a dead-letter queue, and a fresh DI scope per message
 * (Nest creates one for every handler whose dependency tree is request-scoped).
 */
export class AmqpServer extends Server implements CustomTransportStrategy {
  override readonly transportId = Symbol('mediaflow-amqp');
  private readonly connection: BrokerConnection;
  private readonly names: QueueNames;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly endListeners = new Set<() => void>();
  private channel?: Channel;
  private consumerTag?: string;
  private closing = false;
  protected override readonly logger = new Logger(AmqpServer.name);

  constructor(
    private readonly options: MessagingOptions,
    private readonly publisher: BrokerPublisher,
  ) {
    super();
    this.connection = new BrokerConnection(options.url, `${options.consumerGroup}:consumer`);
    this.names = new QueueNames(options);
  }

  get isConsuming(): boolean {
    return this.connection.isConnected && this.consumerTag !== undefined;
  }

  get queueNames(): QueueNames {
    return this.names;
  }

  /** Messages this consumer is handling right now (delivered, not yet settled). */
  get inProgress(): number {
    return this.inFlight.size;
  }

  /** Called each time a message's handling ends (settled either way). */
  onEnd(listener: () => void): void {
    this.endListeners.add(listener);
  }

  /** Refuses, at boot, wiring that would silently lose or double-handle messages. */
  override addHandler(pattern: unknown, callback: MessageHandler, isEventHandler = false, extras?: Record<string, unknown>): void {
    const key = this.normalizePattern(pattern as string);
    if (!isEventHandler) {
      throw new Error(`${key}: use @EventPattern; this transport has no request/response (@MessagePattern)`);
    }
    if (!isRoutingKey(key)) {
      throw new Error(`@EventPattern('${key}') names no routing key in @mediaflow/contracts; use a RoutingKey value`);
    }
    if (this.messageHandlers.has(key)) {
      throw new Error(`two handlers for routing key ${key} in ${this.options.consumerGroup}; keep exactly one`);
    }
    super.addHandler(pattern, callback, isEventHandler, extras);
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.publisher.start();
      await this.connection.open({ setup: (model) => this.startConsuming(model) });
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async waitUntilConsuming(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.isConsuming) {
      if (Date.now() > deadline) throw new Error(`${this.names.main} is not consuming after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Stops taking messages, lets in-flight handlers finish (up to the shutdown timeout), then disconnects. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const { channel, consumerTag } = this;
    if (channel && consumerTag) await channel.cancel(consumerTag).catch(() => undefined);
    this.consumerTag = undefined;
    const drained = Promise.allSettled([...this.inFlight]);
    const timeout = new Promise((resolve) => setTimeout(resolve, this.options.shutdownTimeoutMs).unref());
    await Promise.race([drained, timeout]);
    // Closing the channel first waits for the broker's close-ok, which it sends only after processing every
    // ack sent before it; closing the connection straight away can lose the last acks.
    const open = this.channel;
    this.channel = undefined;
    await open?.close().catch(() => undefined);
    await this.connection.close();
  }

  on(): never {
    throw new Error('AmqpServer does not expose transport events');
  }

  unwrap<T>(): T {
    return this.connection.channelModel as T;
  }

  private async startConsuming(model: ChannelModel): Promise<void> {
    if (this.getHandlers().size === 0) return; // a publish-only service owns no queue
    const channel = await model.createChannel();
    channel.on('error', (error: Error) => this.logger.warn(`consumer channel error: ${error.message}`));
    channel.on('close', () => {
      if (this.channel !== channel) return;
      this.channel = undefined;
      this.consumerTag = undefined;
      // A channel the broker closed on a live connection is reopened here; a lost connection is
      // reopened by BrokerConnection, which runs this setup again.
      // setImmediate lets a closing connection report itself first, so only a lone channel is reopened.
      setImmediate(() => {
        if (this.closing || this.connection.channelModel !== model) return;
        this.startConsuming(model).catch((error: unknown) =>
          this.logger.error(`cannot reopen the consumer channel: ${describeError(error)}`),
        );
      });
    });
    await channel.prefetch(this.options.prefetch);
    await assertConsumerTopology(channel, this.options, [...this.getHandlers().keys()]);
    this.channel = channel;
    const { consumerTag } = await channel.consume(this.names.main, (message) => {
      if (message) this.track(this.handle(channel, message));
    });
    this.consumerTag = consumerTag;
    this.logger.log(`consuming ${this.names.main} (${this.getHandlers().size} routing keys, prefetch ${this.options.prefetch})`);
  }

  private track(handling: Promise<void>): void {
    this.inFlight.add(handling);
    void handling.finally(() => {
      this.inFlight.delete(handling);
      for (const listener of this.endListeners) listener();
    });
  }

  private async handle(channel: Channel, message: ConsumeMessage): Promise<void> {
    const info = this.describe(message);
    const { routingKey, correlationId, jobId, attempt } = info;
    await runWithLogContext({ correlationId, jobId, routingKey, attempt }, async () => {
      const stopTimer = handlingSeconds.startTimer({ routing_key: routingKey });
      try {
        await this.invokeHandler(info, message.content);
      } catch (error) {
        await this.routeFailure(channel, message, info, error);
        return;
      } finally {
        stopTimer();
      }
      if (this.settle(channel, () => channel.ack(message))) {
        handledCounter.inc({ routing_key: routingKey, outcome: 'acked' });
      }
    }).catch((error: unknown) => this.logger.error(`could not settle ${routingKey}: ${describeError(error)}`));
  }

  private async invokeHandler(info: AmqpMessageInfo, content: Buffer): Promise<void> {
    const handler = this.getHandlerByPattern(info.routingKey);
    if (!handler) throw new InvalidMessageError(`no handler for routing key ${info.routingKey} in ${this.options.consumerGroup}`);
    const payload = parsePayload(info.routingKey as RoutingKey, decodeJson(content));
    const result: unknown = await handler(payload, new AmqpMessageContext(info));
    await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
  }

  /**
   * Acks or nacks on the channel the message came from. When that channel is gone the broker has already
   * put the message back for redelivery, so doing nothing is right; returns whether it was settled.
   */
  private settle(channel: Channel, action: () => void): boolean {
    if (this.channel !== channel) {
      this.logger.warn('consumer channel closed before the message was settled; the broker will redeliver it');
      return false;
    }
    action();
    return true;
  }

  private async routeFailure(channel: Channel, message: ConsumeMessage, info: AmqpMessageInfo, error: unknown): Promise<void> {
    if (this.channel !== channel) {
      this.logger.warn(`${info.routingKey} failed after its channel closed; the broker will redeliver it: ${describeError(error)}`);
      return;
    }
    const decision = decideOnFailure(error, info.attempt, this.options);
    const headers: Record<string, unknown> = {
      ...info.headers,
      [MessageHeader.OriginalRoutingKey]: info.routingKey,
      [MessageHeader.Error]: decision.reason.slice(0, 4_000),
    };
    const target =
      decision.action === 'retry'
        ? { queue: this.names.retry(decision.delayMs), attempt: decision.nextAttempt }
        : { queue: this.names.deadLetter, attempt: info.attempt };
    if (decision.action === 'dead-letter') {
      headers[MessageHeader.FailedAt] = new Date().toISOString();
      headers[MessageHeader.FailedBy] = this.options.consumerGroup;
    }
    headers[MessageHeader.Attempt] = target.attempt;
    try {
      await this.publisher.publish('', target.queue, message.content, { ...message.properties, headers, persistent: true });
      if (!this.settle(channel, () => channel.ack(message))) return;
      const outcome = decision.action === 'retry' ? 'retried' : 'dead_lettered';
      handledCounter.inc({ routing_key: info.routingKey, outcome });
      const log = decision.action === 'retry' ? `retrying in ${decision.delayMs} ms` : 'dead-lettered';
      this.logger.warn(`${info.routingKey} attempt ${info.attempt} failed (${decision.reason}); ${log}`);
    } catch (publishError) {
      // Without a confirmed copy elsewhere the original must stay in the queue: requeue it. The queue's
      // delivery limit bounds how often this can repeat.
      this.logger.error(`cannot move failed ${info.routingKey} to ${target.queue}: ${describeError(publishError)}; requeueing`);
      handledCounter.inc({ routing_key: info.routingKey, outcome: 'requeued' });
      this.settle(channel, () => channel.nack(message, false, true));
    }
  }

  private describe(message: ConsumeMessage): AmqpMessageInfo {
    const headers = (message.properties.headers ?? {}) as Record<string, unknown>;
    return {
      routingKey: headerString(headers, MessageHeader.OriginalRoutingKey) ?? message.fields.routingKey,
      correlationId: typeof message.properties.correlationId === 'string' ? message.properties.correlationId : randomUUID(),
      jobId: headerString(headers, MessageHeader.JobId),
      attempt: headerNumber(headers, MessageHeader.Attempt) ?? 1,
      messageId: typeof message.properties.messageId === 'string' ? message.properties.messageId : undefined,
      headers,
    };
  }
}

function decodeJson(content: Buffer): unknown {
  try {
    return JSON.parse(content.toString('utf8')) as unknown;
  } catch (error) {
    throw new InvalidMessageError(`body is not valid JSON: ${describeError(error)}`);
  }
}
