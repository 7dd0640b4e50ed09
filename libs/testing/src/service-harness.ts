import { Module, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { validateEnv, type ServiceEnv } from '@mediaflow/config';
import { AmqpServer, BrokerPublisher, EventPublisher, QueueNames, startMessaging } from '@mediaflow/messaging';
import { ServiceKitModule } from '@mediaflow/service-kit';
import { BrokerAdmin } from './broker-admin';
import { testBrokerUrl, testStoreUrl } from './config/test-env';
import { uniqueName } from './unique-name';
import { dropTestDatabase } from './store-admin';

export interface ServiceUnderTest<E> {
  app: INestApplication;
  env: E;
  publisher: EventPublisher;
  /** Base URL of its HTTP server (listening on a free port). */
  url: string;
  /** Stops the service; with `cleanUp`, also deletes its queues, exchange and database. */
  stop(options?: { cleanUp?: boolean }): Promise<void>;
}

/**
 * A service wired exactly as `runService` wires it (service kit + its module) on the real broker and
 * store, in an exchange and database of its own unless `env` names shared ones (to run several services
 * of one test together, give them the same AMQP_EXCHANGE and MONGO_DB).
 */
export async function startServiceForTest<E extends ServiceEnv>(definition: {
  name: string;
  envClass: new () => E;
  module: Type;
  env?: Record<string, string>;
}): Promise<ServiceUnderTest<E>> {
  const env = validateEnv(definition.envClass, {
    AMQP_URL: testBrokerUrl(),
    MONGO_URL: testStoreUrl(),
    MONGO_DB: uniqueName('mf_test'),
    AMQP_EXCHANGE: uniqueName('mf_test'),
    LOG_LEVEL: 'warn',
    MESSAGE_RETRY_DELAYS_MS: '100,200',
    ...definition.env,
  });

  @Module({ imports: [ServiceKitModule.forRoot(definition.name, env), definition.module] })
  class TestRootModule {}

  const app = await NestFactory.create(TestRootModule, { logger: ['error', 'warn'], abortOnError: false });
  const server = await startMessaging(app);
  await app.listen(0, '127.0.0.1');
  if (server.getHandlers().size > 0) await server.waitUntilConsuming();
  await app.get(BrokerPublisher).waitUntilConnected();
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');

  return {
    app,
    env,
    url,
    publisher: app.get(EventPublisher),
    stop: async ({ cleanUp = true } = {}) => {
      await app.close();
      if (cleanUp) await deleteServiceBrokerObjects(env, definition.name, app.get(AmqpServer).getHandlers().size > 0);
      if (cleanUp) await dropTestDatabase(env.MONGO_DB);
    },
  };
}

async function deleteServiceBrokerObjects(env: ServiceEnv, service: string, ownsQueues: boolean): Promise<void> {
  const admin = await BrokerAdmin.connect();
  try {
    const names = new QueueNames({ exchange: env.AMQP_EXCHANGE, consumerGroup: service });
    const retryQueues = [...new Set(env.MESSAGE_RETRY_DELAYS_MS)].map((delayMs) => names.retry(delayMs));
    const queues = ownsQueues ? [names.main, names.deadLetter, ...retryQueues] : [];
    await admin.deleteExchangeAndQueues(env.AMQP_EXCHANGE, queues);
  } finally {
    await admin.close();
  }
}
