// Messaging throughput on the local broker: our transport against bare amqplib, measured in the same run.
//   messaging.publishConfirmedPerSec   EventPublisher.publish (validated, confirmed), 100 in flight
//   messaging.rawPublishConfirmedPerSec bare amqplib confirm channel, same window (baseline)
//   messaging.roundTripPerSec          publish -> AmqpServer handler -> ack, end to end
//   messaging.rawRoundTripPerSec       bare amqplib publish -> consume -> ack (baseline)
import 'reflect-metadata';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';

const require = createRequire(import.meta.url);
const amqp = require('amqplib');
const { Controller, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { EventPattern } = require('@nestjs/microservices');
const { RoutingKey, LibraryChange } = require('@mediaflow/contracts');
const { MessagingModule, startMessaging, BrokerPublisher, EventPublisher, DEFAULT_MESSAGING_OPTIONS, QueueNames } = require('@mediaflow/messaging');

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 5000);
const WINDOW = 100;
const WARM_UP = 1000;
const payload = () => ({ libraryId: randomBytes(12).toString('hex'), change: LibraryChange.Updated });

async function inWindows(count, send) {
  let next = 0;
  const lane = async () => {
    while (next < count) {
      next += 1;
      await send();
    }
  };
  await Promise.all(Array.from({ length: WINDOW }, lane));
}

const perSec = (count, startedAt) => Math.round(count / ((performance.now() - startedAt) / 1000));

async function startOurs(url, exchange, onMessage) {
  const options = { ...DEFAULT_MESSAGING_OPTIONS, url, exchange, consumerGroup: 'bench', prefetch: 200 };
  const controllers = [];
  if (onMessage) {
    class BenchController {
      handle() {
        onMessage();
      }
    }
    EventPattern(RoutingKey.LibraryChanged)(BenchController.prototype, 'handle', Object.getOwnPropertyDescriptor(BenchController.prototype, 'handle'));
    Controller()(BenchController);
    controllers.push(BenchController);
  }
  class BenchModule {}
  Module({ imports: [MessagingModule.forRootAsync({ useFactory: () => options })], controllers })(BenchModule);
  const app = await NestFactory.create(BenchModule, { logger: ['error'], abortOnError: false });
  const server = await startMessaging(app);
  await app.init();
  if (onMessage) await server.waitUntilConsuming();
  else await app.get(BrokerPublisher).waitUntilConnected();
  return { app, options, publisher: app.get(EventPublisher) };
}

/** Publish-only: like the raw baseline, into a quorum queue that nobody consumes while we measure. */
async function benchOursPublish(url) {
  const exchange = `bench_${randomBytes(3).toString('hex')}`;
  const connection = await amqp.connect(url);
  const channel = await connection.createChannel();
  await channel.assertExchange(exchange, 'topic', { durable: true });
  const { queue } = await channel.assertQueue(`${exchange}.sink`, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue(queue, exchange, RoutingKey.LibraryChanged);
  const sut = await startOurs(url, exchange);
  await inWindows(WARM_UP, () => sut.publisher.publish(RoutingKey.LibraryChanged, payload()));
  const started = performance.now();
  await inWindows(MESSAGES, () => sut.publisher.publish(RoutingKey.LibraryChanged, payload()));
  const publishConfirmedPerSec = perSec(MESSAGES, started);
  await sut.app.close();
  await channel.deleteQueue(queue);
  await channel.deleteExchange(exchange);
  await connection.close();
  return publishConfirmedPerSec;
}

async function benchOursRoundTrip(url) {
  let handled = 0;
  const waiters = [];
  const sut = await startOurs(url, `bench_${randomBytes(3).toString('hex')}`, () => {
    handled += 1;
    waiters.filter((waiter) => handled >= waiter.count).forEach((waiter) => waiter.resolve());
  });
  const handledAtLeast = (count) => new Promise((resolve) => (handled >= count ? resolve() : waiters.push({ count, resolve })));

  await inWindows(WARM_UP, () => sut.publisher.publish(RoutingKey.LibraryChanged, payload()));
  await handledAtLeast(WARM_UP);
  const started = performance.now();
  await inWindows(MESSAGES, () => sut.publisher.publish(RoutingKey.LibraryChanged, payload()));
  await handledAtLeast(WARM_UP + MESSAGES);
  const roundTripPerSec = perSec(MESSAGES, started);
  await sut.app.close();
  await cleanup(url, sut.options);
  return roundTripPerSec;
}

async function benchRaw(url) {
  const connection = await amqp.connect(url);
  const channel = await connection.createConfirmChannel();
  const queue = `bench_raw_${randomBytes(3).toString('hex')}`;
  await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  const body = () => Buffer.from(JSON.stringify(payload()));
  const publishOne = () =>
    new Promise((resolve, reject) => channel.sendToQueue(queue, body(), { persistent: true }, (error) => (error ? reject(error) : resolve())));
  await inWindows(WARM_UP, publishOne);
  let started = performance.now();
  await inWindows(MESSAGES, publishOne);
  const rawPublishConfirmedPerSec = perSec(MESSAGES, started);
  await channel.purgeQueue(queue);
  const consumer = await connection.createChannel();
  await consumer.prefetch(200);
  let consumed = 0;
  let onDone;
  const done = new Promise((resolve) => (onDone = resolve));
  await consumer.consume(queue, (message) => {
    JSON.parse(message.content.toString());
    consumer.ack(message);
    consumed += 1;
    if (consumed === MESSAGES) onDone();
  });
  started = performance.now();
  await inWindows(MESSAGES, publishOne);
  await done;
  const rawRoundTripPerSec = perSec(MESSAGES, started);
  await channel.deleteQueue(queue);
  await connection.close();
  return { rawPublishConfirmedPerSec, rawRoundTripPerSec };
}

async function cleanup(url, options) {
  const connection = await amqp.connect(url);
  const channel = await connection.createChannel();
  const names = new QueueNames(options);
  const retryQueues = [...new Set(options.retryDelaysMs)].map((delayMs) => names.retry(delayMs));
  for (const queue of [names.main, names.deadLetter, ...retryQueues]) {
    await channel.deleteQueue(queue);
  }
  await channel.deleteExchange(options.exchange);
  await connection.close();
}

export async function runMessagingBench({ amqpUrl }) {
  const raw = await benchRaw(amqpUrl);
  const ours = { publishConfirmedPerSec: await benchOursPublish(amqpUrl), roundTripPerSec: await benchOursRoundTrip(amqpUrl) };
  return {
    'messaging.messages': MESSAGES,
    'messaging.publishConfirmedPerSec': ours.publishConfirmedPerSec,
    'messaging.rawPublishConfirmedPerSec': raw.rawPublishConfirmedPerSec,
    'messaging.publishRatio': round(ours.publishConfirmedPerSec / raw.rawPublishConfirmedPerSec),
    'messaging.roundTripPerSec': ours.roundTripPerSec,
    'messaging.rawRoundTripPerSec': raw.rawRoundTripPerSec,
    'messaging.roundTripRatio': round(ours.roundTripPerSec / raw.rawRoundTripPerSec),
  };
}

const round = (value) => Math.round(value * 100) / 100;
