import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { AmqpServer } from './amqp-server';
import { BroadcastSubscriber } from './broadcast-subscriber';
import { BrokerPublisher } from './broker-publisher';
import { EventPublisher } from './event-publisher';
import { MessageContext } from './message-context';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options';
import { QueueInspector } from './queue-inspector';

export interface MessagingModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- mirrors Nest's own FactoryProvider signature
  useFactory: (...args: any[]) => MessagingOptions | Promise<MessagingOptions>;
  inject?: Array<string | symbol | (abstract new (...args: never[]) => unknown)>;
}

/**
 * Gives an app the EventPublisher, the request-scoped MessageContext, the AmqpServer transport that
 * `bootstrapService` connects, and the BroadcastSubscriber and QueueInspector (both connect on first use).
 * Global, so feature modules can publish without re-importing it.
 */
@Module({})
export class MessagingModule {
  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: MESSAGING_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        BrokerPublisher,
        EventPublisher,
        MessageContext,
        BroadcastSubscriber,
        QueueInspector,
        {
          provide: AmqpServer,
          useFactory: (messagingOptions: MessagingOptions, publisher: BrokerPublisher) =>
            new AmqpServer(messagingOptions, publisher),
          inject: [MESSAGING_OPTIONS, BrokerPublisher],
        },
      ],
      exports: [MESSAGING_OPTIONS, BrokerPublisher, EventPublisher, MessageContext, AmqpServer, BroadcastSubscriber, QueueInspector],
    };
  }
}
