import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
import { RoutingKey } from '@mediaflow/contracts';
import { AmqpServer } from './amqp-server';
import { MessagingModule } from './messaging.module';
import { DEFAULT_MESSAGING_OPTIONS } from './messaging.options';

// Boot refusal happens while handlers are bound, before any broker connection: no broker needed here.
async function boot(...controllers: Array<new (...args: never[]) => unknown>): Promise<void> {
  const options = { ...DEFAULT_MESSAGING_OPTIONS, url: 'amqp://127.0.0.1:1', consumerGroup: 'wiring' };
  @Module({ imports: [MessagingModule.forRootAsync({ useFactory: () => options })], controllers })
  class WiringModule {}
  const app = await NestFactory.create(WiringModule, { logger: false, abortOnError: false });
  try {
    app.connectMicroservice({ strategy: app.get(AmqpServer) });
  } finally {
    await app.close();
  }
}

@Controller()
class FirstHandler {
  @EventPattern(RoutingKey.JobFinished)
  handle(): void {}
}

@Controller()
class SecondHandler {
  @EventPattern(RoutingKey.JobFinished)
  handle(): void {}
}

@Controller()
class UnknownKeyHandler {
  @EventPattern('library.exploded.v1')
  handle(): void {}
}

@Controller()
class RequestReplyHandler {
  @MessagePattern(RoutingKey.JobFinished)
  handle(): void {}
}

describe(`${AmqpServer.name} wiring checks`, () => {
  it('refuses to boot with two handlers for one routing key', async () => {
    await expect(boot(FirstHandler, SecondHandler)).rejects.toThrow(/two handlers for routing key job.finished.v1 in wiring/);
  });

  it('refuses a routing key that has no contract', async () => {
    await expect(boot(UnknownKeyHandler)).rejects.toThrow(/names no routing key in @mediaflow\/contracts/);
  });

  it('refuses request/response handlers', async () => {
    await expect(boot(RequestReplyHandler)).rejects.toThrow(/use @EventPattern/);
  });

  it('boots with one handler per key', async () => {
    await expect(boot(FirstHandler)).resolves.toBeUndefined();
  });
});
