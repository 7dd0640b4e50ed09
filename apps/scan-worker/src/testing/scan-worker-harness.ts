import { BackgroundJob, FolderListing, Image, ImageDerivative, Library, MediaCollection, ImageMetadata } from '@mediaflow/persistence';
import { MessageCapture, startServiceForTest, type ServiceUnderTest } from '@mediaflow/testing';
import { getModelToken } from '@nestjs/mongoose';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Model } from 'mongoose';
import sharp from 'sharp';
import { ScanWorkerEnv } from '../config/scan-worker.env';
import { ScanWorkerModule } from '../scan-worker.module';

export interface ScanWorkerFixture {
  service: ServiceUnderTest<ScanWorkerEnv>;
  capture: MessageCapture;
  libraries: Model<Library>;
  collections: Model<MediaCollection>;
  listings: Model<FolderListing>;
  images: Model<Image>;
  derivatives: Model<ImageDerivative>;
  metadata: Model<ImageMetadata>;
  jobs: Model<BackgroundJob>;
  stop(): Promise<void>;
}

export async function startScanWorker(env: Record<string, string> = {}): Promise<ScanWorkerFixture> {
  const service = await startServiceForTest({ name: 'scan-worker', envClass: ScanWorkerEnv, module: ScanWorkerModule, env });
  const capture = await MessageCapture.bind(service.env.AMQP_EXCHANGE);
  const model = <T>(name: string): Model<T> => service.app.get<Model<T>>(getModelToken(name));
  return {
    service,
    capture,
    libraries: model(Library.name),
    collections: model(MediaCollection.name),
    listings: model(FolderListing.name),
    images: model(Image.name),
    derivatives: model(ImageDerivative.name),
    metadata: model(ImageMetadata.name),
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
