import { Module, type INestApplication, type Provider, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { testBrokerUrl, uniqueName } from '@mediaflow/testing';
import { AmqpServer } from '../amqp-server';
import { BrokerPublisher } from '../broker-publisher';
import { EventPublisher } from '../event-publisher';
import { MessagingModule } from '../messaging.module';
import { DEFAULT_MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { startMessaging } from '../start-messaging';

export interface TestApp {
  app: INestApplication;
  server: AmqpServer;
  publisher: EventPublisher;
  broker: BrokerPublisher;
  close(): Promise<void>;
}

export function testMessagingOptions(overrides: Partial<MessagingOptions> = {}): MessagingOptions {
  return {
    ...DEFAULT_MESSAGING_OPTIONS,
    url: testBrokerUrl(),
    exchange: uniqueName('mf_test'),
    consumerGroup: 'svc',
    retryDelaysMs: [100, 200],
    maxAttempts: 3,
    shutdownTimeoutMs: 10_000,
    ...overrides,
  };
}

/** A real Nest app with the real transport on the real broker, wired like a service (no HTTP listener). */
export async function startTestApp(
  options: MessagingOptions,
  controllers: Type[] = [],
  providers: Provider[] = [],
): Promise<TestApp> {
  @Module({
    imports: [MessagingModule.forRootAsync({ useFactory: () => options })],
    controllers,
    providers,
  })
  class TestModule {}

  const app = await NestFactory.create(TestModule, { logger: ['error', 'warn'], abortOnError: false });
  const server = await startMessaging(app);
  await app.init();
  await server.waitUntilConsuming();
  const broker = app.get(BrokerPublisher);
  await broker.waitUntilConnected();
  return { app, server, broker, publisher: app.get(EventPublisher), close: () => app.close() };
}
