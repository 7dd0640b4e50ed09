import { DerivativeKind, DerivativeState, ItemOutcome, JobType, LibraryChange, RoutingKey, StageName, type JobItemsReportedV1 } from '@mediaflow/contracts';
import { BackgroundJob, Image, ImageDerivative, Library } from '@mediaflow/persistence';
import { eventually, MessageCapture, startServiceForTest, type ServiceUnderTest } from '@mediaflow/testing';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Types } from 'mongoose';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { CacheWorkerModule } from './cache-worker.module';
import { CacheWorkerEnv } from './config/cache-worker.env';

describe(CacheWorkerModule.name, () => {
  let dir: string;
  let libraryRoot: string;
  let derivativesDir: string;
  let sut: ServiceUnderTest<CacheWorkerEnv>;
  let images: Model<Image>;
  let derivatives: Model<ImageDerivative>;
  let reports: JobItemsReportedV1[];
  let capture: MessageCapture;
  let libraryId: string;
  let jobId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mf-cache-worker-'));
    libraryRoot = join(dir, 'library');
    derivativesDir = join(dir, 'derivatives');
    await mkdir(libraryRoot, { recursive: true });
    sut = await startServiceForTest({ name: 'cache-worker', envClass: CacheWorkerEnv, module: CacheWorkerModule, env: { DERIVATIVES_DIR: derivativesDir } });
    images = sut.app.get<Model<Image>>(getModelToken(Image.name));
    derivatives = sut.app.get<Model<ImageDerivative>>(getModelToken(ImageDerivative.name));
    capture = await MessageCapture.bind(sut.env.AMQP_EXCHANGE, [RoutingKey.JobItemsReported]);
    reports = capture.payloads as JobItemsReportedV1[];
    const library = await sut.app.get<Model<Library>>(getModelToken(Library.name)).create({ name: 'Photos', rootPath: libraryRoot });
    libraryId = String(library._id);
    jobId = String((await sut.app.get<Model<BackgroundJob>>(getModelToken(BackgroundJob.name)).create({ type: JobType.LibraryScan, libraryId }))._id);
  });

  afterAll(async () => {
    await capture?.close();
    await sut?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function addImage(relativePath: string, data: Buffer, fingerprint: string): Promise<string> {
    await writeFile(join(libraryRoot, relativePath), data);
    const image = await images.create({ libraryId, collectionId: new Types.ObjectId(), relativePath, size: data.length, mtimeMs: Date.now(), fingerprint });
    return String(image._id);
  }

  const cacheOf = (imageId: string) => derivatives.findOne({ imageId: new Types.ObjectId(imageId), kind: DerivativeKind.Cache }).lean();

  function reported(stage: StageName, itemId: string): JobItemsReportedV1['items'][number] | undefined {
    return reports.filter((report) => report.stage === stage).flatMap((report) => report.items).find((item) => item.itemId === itemId);
  }

  it('renders an auto-oriented progressive JPEG fitted inside 1920x1920 and reports it done', async () => {
    const jpeg = await sharp({ create: { width: 4000, height: 2000, channels: 3, background: '#cc6633' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const imageId = await addImage('portrait.jpg', jpeg, 'fp-cache-1');

    await sut.publisher.publish(RoutingKey.CacheRequested, { jobId, imageId, libraryId, fingerprint: 'fp-cache-1' });

    const item = await eventually('the cache item report', () => reported(StageName.Cache, imageId));
    expect(item).toEqual({ itemId: imageId, outcome: ItemOutcome.Done, path: 'portrait.jpg' });
    const derivative = await cacheOf(imageId);
    expect(derivative).toMatchObject({ state: DerivativeState.Ready, sourceFingerprint: 'fp-cache-1', width: 960, height: 1920 });
    expect(derivative?.path).toMatch(/^cache\/.*\.jpg$/);
    expect(await sharp(join(derivativesDir, derivative?.path ?? '')).metadata()).toMatchObject({ format: 'jpeg', width: 960, height: 1920, isProgressive: true });
  });

  it('reports a truncated JPEG failed with the reason and deletes its library folder and records when the library is deleted', async () => {
    const whole = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).jpeg().toBuffer();
    const imageId = await addImage('cut.jpg', whole.subarray(0, whole.length / 2), 'fp-cache-cut');

    await sut.publisher.publish(RoutingKey.CacheRequested, { jobId, imageId, libraryId, fingerprint: 'fp-cache-cut' });

    const item = await eventually('the cache item report', () => reported(StageName.Cache, imageId));
    expect(item).toMatchObject({ outcome: ItemOutcome.Failed, path: 'cut.jpg', reason: expect.stringMatching(/^corrupt or truncated image: .*premature end/i) });
    expect(await cacheOf(imageId)).toMatchObject({ state: DerivativeState.Failed, sourceFingerprint: 'fp-cache-cut', path: null });

    await sut.publisher.publish(RoutingKey.LibraryChanged, { libraryId, change: LibraryChange.Deleted });
    await eventually('the library cache folder to be gone', () => !existsSync(join(derivativesDir, 'cache', libraryId)));
    await eventually('the library cache records to be gone', async () => (await derivatives.countDocuments({ libraryId: new Types.ObjectId(libraryId) })) === 0);
  });
});
