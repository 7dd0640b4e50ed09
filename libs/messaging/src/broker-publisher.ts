import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ChannelModel, ConfirmChannel, Options } from 'amqplib';
import { BrokerConnection } from './broker-connection';
import { publishCounter } from './messaging.metrics';
import { assertExchange } from './topology';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options';

export class BrokerUnavailableError extends Error {
  override readonly name = 'BrokerUnavailableError';
}

/** A confirm channel and the publishes still waiting for the broker's answer on it. */
interface TrackedChannel {
  channel: ConfirmChannel;
  pending: Set<(error: Error) => void>;
  closeReason?: Error;
}

/**
 * Publishes with publisher confirms on its own connection. A publish resolves once the broker has
 * taken responsibility for the message and rejects, never hangs, when it cannot: not connected,
 * channel closed by the broker (e.g. the exchange does not exist), or no confirm within the timeout.
 * Nothing is buffered in memory across a disconnect: the caller decides what a failed publish means.
 */
@Injectable()
export class BrokerPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(BrokerPublisher.name);
  private readonly connection: BrokerConnection;
  private tracked?: Promise<TrackedChannel>;
  private liveChannel?: TrackedChannel;
  private started = false;

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {
    this.connection = new BrokerConnection(options.url, `${options.consumerGroup}:publisher`);
  }

  get isConnected(): boolean {
    return this.connection.isConnected;
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.connection.open({
      // A publish-only service (the gateway) must not depend on a consumer having declared the exchange.
      setup: async (model) => {
        this.tracked = undefined;
        this.liveChannel = undefined;
        const channel = await model.createChannel();
        await assertExchange(channel, this.options.exchange);
        await channel.close();
      },
    });
  }

  async waitUntilConnected(timeoutMs = 30_000): Promise<void> {
    await this.start();
    await this.connection.waitUntilConnected(timeoutMs);
  }

  async publish(exchange: string, routingKey: string, body: Buffer, options: Options.Publish): Promise<void> {
    try {
      await this.publishConfirmed(exchange, routingKey, body, options);
      publishCounter.inc({ routing_key: routingKey, result: 'confirmed' });
    } catch (error) {
      publishCounter.inc({ routing_key: routingKey, result: 'failed' });
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }

  private async publishConfirmed(
    exchange: string,
    routingKey: string,
    body: Buffer,
    options: Options.Publish,
  ): Promise<void> {
    const model = this.connection.channelModel;
    if (!model) {
      throw new BrokerUnavailableError(
        `cannot publish ${routingKey}: not connected to the broker at ${redactUrl(this.options.url)}`,
      );
    }
    const tracked = await this.channelFor(model);
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (error?: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        tracked.pending.delete(fail);
        if (error) reject(error);
        else resolve();
      };
      const fail = (error: Error): void => settle(error);
      const timer = setTimeout(
        () => settle(new Error(`broker did not confirm ${routingKey} within ${this.options.publishTimeoutMs} ms`)),
        this.options.publishTimeoutMs,
      );
      tracked.pending.add(fail);
      try {
        tracked.channel.publish(exchange, routingKey, body, options, (error: unknown) => {
          if (error) settle(tracked.closeReason ?? toError(error, `broker refused ${routingKey}`));
          else settle();
        });
      } catch (error) {
        settle(toError(error, `cannot publish ${routingKey}`));
      }
    });
  }

  private channelFor(model: ChannelModel): Promise<TrackedChannel> {
    this.tracked ??= this.openChannel(model).catch((error: unknown) => {
      this.tracked = undefined;
      throw toError(error, 'cannot open a publish channel');
    });
    return this.tracked;
  }

  private async openChannel(model: ChannelModel): Promise<TrackedChannel> {
    const channel = await model.createConfirmChannel();
    const tracked: TrackedChannel = { channel, pending: new Set() };
    channel.on('error', (error: Error) => {
      tracked.closeReason = error;
      this.logger.warn(`publish channel closed by the broker: ${error.message}`);
    });
    channel.on('close', () => {
      const reason = tracked.closeReason ?? new BrokerUnavailableError('publish channel closed before the broker confirmed');
      [...tracked.pending].forEach((fail) => fail(reason));
      if (this.liveChannel === tracked) {
        this.liveChannel = undefined;
        this.tracked = undefined;
      }
    });
    this.liveChannel = tracked;
    return tracked;
  }
}

function toError(error: unknown, fallback: string): Error {
  if (error instanceof Error) return error;
  return new Error(typeof error === 'string' ? error : fallback);
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
