import type { INestApplication, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ServiceEnv } from '@mediaflow/config';
import { startMessaging } from '@mediaflow/messaging';
import { Logger } from 'nestjs-pino';
import { ServiceKitModule } from './service-kit.module';

export interface ServiceDefinition<E extends ServiceEnv & { HTTP_PORT: number }> {
  /** Service name: log field, metrics label and consumer group. */
  name: string;
  env: E;
  /** The app's own module: its handlers, controllers and use cases. */
  module: Type;
  /** HTTP set-up that must happen before listening (global pipes, prefixes, OpenAPI). */
  configure?: (app: INestApplication) => void | Promise<void>;
}

/** Boots a service: logger, message handlers on the broker, then HTTP. Stops cleanly on SIGTERM/SIGINT. */
export async function runService<E extends ServiceEnv & { HTTP_PORT: number }>(
  definition: ServiceDefinition<E>,
): Promise<INestApplication> {
  @Module({ imports: [ServiceKitModule.forRoot(definition.name, definition.env), definition.module] })
  class ServiceRootModule {}

  const app = await NestFactory.create(ServiceRootModule, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await definition.configure?.(app);
  await startMessaging(app);
  await app.listen(definition.env.HTTP_PORT);
  app.get(Logger).log(`${definition.name} listening on :${definition.env.HTTP_PORT}`, 'Bootstrap');
  return app;
}

/** For main.ts: runs the boot function and turns a failure into one readable line and exit code 1. */
export function bootOrExit(boot: () => Promise<unknown>): void {
  Promise.resolve()
    .then(boot)
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`failed to start: ${message}\n`);
      process.exit(1);
    });
}
