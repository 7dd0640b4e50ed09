import type { INestApplication } from '@nestjs/common';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { AmqpServer } from './amqp-server';
import { HandlerErrorPassthroughFilter } from './handler-error-passthrough.filter';

/**
 * Connects the app's @EventPattern handlers to the broker through AmqpServer and starts consuming.
 * Throws at boot on wiring mistakes (two handlers for one key, a key without a contract).
 */
export async function startMessaging(app: INestApplication): Promise<AmqpServer> {
  const server = app.get(AmqpServer);
  app.useGlobalFilters(new HandlerErrorPassthroughFilter(app.getHttpAdapter()));
  app.connectMicroservice<MicroserviceOptions>({ strategy: server }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  return server;
}
