import { RoutingKey, type MessagePayload } from '@mediaflow/contracts';
import { BackgroundJob, Image, ImageDerivative, Library, MediaCollection } from '@mediaflow/persistence';
import { startServiceForTest, testBrokerUrl, type ServiceUnderTest } from '@mediaflow/testing';
import { getModelToken } from '@nestjs/mongoose';
import { connect, type Channel, type ChannelModel } from 'amqplib';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Model } from 'mongoose';
import sharp from 'sharp';
import { ScanWorkerEnv } from '../config/scan-worker.env';
import { ScanWorkerModule } from '../scan-worker.module';

export interface CapturedMessage {
  routingKey: string;
  payload: Record<string, unknown>;
}

/** Every message published on the test exchange, read by a queue of the test's own bound to '#'. */
export class MessageCapture {
  readonly messages: CapturedMessage[] = [];

  private constructor(
    private readonly model: ChannelModel,
    private readonly channel: Channel,
  ) {}

  static async start(exchange: string): Promise<MessageCapture> {
    const model = await connect(testBrokerUrl());
    const channel = await model.createChannel();
    const capture = new MessageCapture(model, channel);
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, exchange, '#');
    await channel.consume(
      queue,
      (message) => {
        if (!message) return;
        capture.messages.push({ routingKey: message.fields.routingKey, payload: JSON.parse(message.content.toString()) as Record<string, unknown> });
      },
      { noAck: true },
    );
    return capture;
  }

  /** Payloads published under `routingKey` whose fields include `match`. */
  of<K extends RoutingKey>(routingKey: K, match: Partial<Record<string, unknown>> = {}): Array<MessagePayload<K>> {
    return this.messages
      .filter((message) => message.routingKey === routingKey)
      .filter((message) => Object.entries(match).every(([key, value]) => message.payload[key] === value))
      .map((message) => message.payload as unknown as MessagePayload<K>);
  }

  async close(): Promise<void> {
    await this.model.close();
  }
}

export interface ScanWorkerFixture {
  service: ServiceUnderTest<ScanWorkerEnv>;
  capture: MessageCapture;
  libraries: Model<Library>;
  collections: Model<MediaCollection>;
  images: Model<Image>;
  derivatives: Model<ImageDerivative>;
  jobs: Model<BackgroundJob>;
  stop(): Promise<void>;
}

export async function startScanWorker(env: Record<string, string> = {}): Promise<ScanWorkerFixture> {
  const service = await startServiceForTest({ name: 'scan-worker', envClass: ScanWorkerEnv, module: ScanWorkerModule, env });
  const capture = await MessageCapture.start(service.env.AMQP_EXCHANGE);
  const model = <T>(name: string): Model<T> => service.app.get<Model<T>>(getModelToken(name));
  return {
    service,
    capture,
    libraries: model(Library.name),
    collections: model(MediaCollection.name),
    images: model(Image.name),
    derivatives: model(ImageDerivative.name),
    jobs: model(BackgroundJob.name),
    stop: async () => {
      await capture.close();
      await service.stop();
    },
  };
}

/** A real library folder in a temp directory, with real (tiny) JPEG images. */
export class LibraryTree {
  private constructor(readonly root: string) {}

  static async create(): Promise<LibraryTree> {
    return new LibraryTree(await mkdtemp(join(tmpdir(), 'mf-library-')));
  }

  path(relativePath: string): string {
    return join(this.root, relativePath);
  }

  /** Writes a distinct real image per `seed`, so fingerprints differ between seeds and match for equal ones. */
  async image(relativePath: string, seed: number): Promise<void> {
    await this.file(relativePath, await jpeg(seed));
  }

  async file(relativePath: string, content: Buffer | string): Promise<void> {
    await mkdir(dirname(this.path(relativePath)), { recursive: true });
    await writeFile(this.path(relativePath), content);
  }

  async remove(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}

async function jpeg(seed: number): Promise<Buffer> {
  const channel = (value: number): number => value % 256;
  return sharp({ create: { width: 16, height: 16 + (seed % 7), channels: 3, background: { r: channel(seed * 37), g: channel(seed * 91), b: channel(seed * 13) } } })
    .jpeg()
    .toBuffer();
}
