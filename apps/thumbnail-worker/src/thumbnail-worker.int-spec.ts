import { DerivativeKind, DerivativeState, ItemOutcome, JobStatus, JobType, LibraryChange, RoutingKey, StageName, type JobItemsReportedV1 } from '@mediaflow/contracts';
import { QueueNames } from '@mediaflow/messaging';
import { BackgroundJob, Image, ImageDerivative, Library } from '@mediaflow/persistence';
import { BrokerAdmin, eventually, MessageCapture, startServiceForTest, type ServiceUnderTest } from '@mediaflow/testing';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Types } from 'mongoose';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { ThumbnailWorkerEnv } from './config/thumbnail-worker.env';
import { ThumbnailWorkerModule } from './thumbnail-worker.module';

describe(ThumbnailWorkerModule.name, () => {
  let dir: string;
  let libraryRoot: string;
  let derivativesDir: string;
  let sut: ServiceUnderTest<ThumbnailWorkerEnv>;
  let images: Model<Image>;
  let derivatives: Model<ImageDerivative>;
  let reports: JobItemsReportedV1[];
  let capture: MessageCapture;
  let libraryId: string;
  let jobId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mf-thumbnail-worker-'));
    libraryRoot = join(dir, 'library');
    derivativesDir = join(dir, 'derivatives');
    await mkdir(join(libraryRoot, 'trip'), { recursive: true });
    sut = await startServiceForTest({ name: 'thumbnail-worker', envClass: ThumbnailWorkerEnv, module: ThumbnailWorkerModule, env: { DERIVATIVES_DIR: derivativesDir } });
    images = sut.app.get<Model<Image>>(getModelToken(Image.name));
    derivatives = sut.app.get<Model<ImageDerivative>>(getModelToken(ImageDerivative.name));
    capture = await MessageCapture.bind(sut.env.AMQP_EXCHANGE, [RoutingKey.JobItemsReported]);
    reports = capture.payloads as JobItemsReportedV1[];
    const library = await sut.app.get<Model<Library>>(getModelToken(Library.name)).create({ name: 'Photos', rootPath: libraryRoot });
    libraryId = String(library._id);
    const job = await sut.app.get<Model<BackgroundJob>>(getModelToken(BackgroundJob.name)).create({ type: JobType.LibraryScan, libraryId: library._id });
    jobId = String(job._id);
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

  const thumbnailOf = (imageId: string) => derivatives.findOne({ imageId: new Types.ObjectId(imageId), kind: DerivativeKind.Thumbnail }).lean();

  async function requestThumbnail(imageId: string, fingerprint: string, job = jobId): Promise<JobItemsReportedV1['items'][number]> {
    const before = reports.length;
    await sut.publisher.publish(RoutingKey.ThumbnailRequested, { jobId: job, imageId, libraryId, fingerprint });
    return eventually(`a report for ${imageId}`, () =>
      reports
        .slice(before)
        .flatMap((report) => report.items)
        .find((item) => item.itemId === imageId),
    );
  }

  it('renders a thumbnail, records it in image_derivatives and reports the item done', async () => {
    const jpeg = await sharp({ create: { width: 1200, height: 600, channels: 3, background: '#3366cc' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const imageId = await addImage('trip/beach.jpg', jpeg, 'fp1-aaaabbbbccccdddd');

    const item = await requestThumbnail(imageId, 'fp1-aaaabbbbccccdddd');

    expect(item).toEqual({ itemId: imageId, outcome: ItemOutcome.Done, path: 'trip/beach.jpg' });
    expect(reports.find((report) => report.items.some((reported) => reported.itemId === imageId))).toMatchObject({ jobId, stage: StageName.Thumbnail });
    const derivative = await thumbnailOf(imageId);
    expect(derivative).toMatchObject({ libraryId: new Types.ObjectId(libraryId), state: DerivativeState.Ready, reason: null, sourceFingerprint: 'fp1-aaaabbbbccccdddd', width: 160, height: 320 });
    expect(derivative?.updatedAt).toBeInstanceOf(Date);
    expect(derivative?.path).toBe(`thumbnail/${libraryId}/${imageId.slice(-2)}/${imageId}-fp1aaaabbbbccccd.webp`);
    const file = join(derivativesDir, derivative?.path ?? '');
    expect(derivative?.bytes).toBe((await stat(file)).size);
    expect(await sharp(file).metadata()).toMatchObject({ format: 'webp', width: 160, height: 320 });
  });

  it('does no work for a request it has already fulfilled', async () => {
    const png = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#00aa00' } }).png().toBuffer();
    const imageId = await addImage('trip/tree.png', png, 'fp2-0000111122223333');
    await requestThumbnail(imageId, 'fp2-0000111122223333');
    const path = (await thumbnailOf(imageId))?.path ?? '';
    const before = await stat(join(derivativesDir, path));

    const item = await requestThumbnail(imageId, 'fp2-0000111122223333');

    expect(item).toMatchObject({ outcome: ItemOutcome.Done, reason: 'already up to date' });
    expect((await stat(join(derivativesDir, path))).mtimeMs).toBe(before.mtimeMs);
  });

  it('restores a lost record from the file already on disk instead of rendering again', async () => {
    const png = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#aa00aa' } }).png().toBuffer();
    const imageId = await addImage('trip/lost.png', png, 'fp7-lostrecord');
    await requestThumbnail(imageId, 'fp7-lostrecord');
    const { path, bytes } = (await thumbnailOf(imageId)) ?? {};
    const before = await stat(join(derivativesDir, path ?? ''));
    // What a worker stopped between renaming the file into place and recording it leaves behind.
    await derivatives.deleteOne({ imageId: new Types.ObjectId(imageId), kind: DerivativeKind.Thumbnail });

    const item = await requestThumbnail(imageId, 'fp7-lostrecord');

    expect(item).toMatchObject({ outcome: ItemOutcome.Done, reason: 'already rendered' });
    expect(await thumbnailOf(imageId)).toMatchObject({ state: DerivativeState.Ready, path, bytes });
    expect((await stat(join(derivativesDir, path ?? ''))).mtimeMs).toBe(before.mtimeMs);
  });

  it('reports a corrupt file failed with the reason, records it, and dead-letters nothing', async () => {
    const imageId = await addImage('trip/broken.jpg', Buffer.from('not really a jpeg'), 'fp3-corrupt');

    const item = await requestThumbnail(imageId, 'fp3-corrupt');

    expect(item).toEqual({ itemId: imageId, outcome: ItemOutcome.Failed, path: 'trip/broken.jpg', reason: 'not a supported image (unrecognised format)' });
    expect(await thumbnailOf(imageId)).toMatchObject({
      state: DerivativeState.Failed,
      sourceFingerprint: 'fp3-corrupt',
      reason: 'not a supported image (unrecognised format)',
      path: null,
    });
    const admin = await BrokerAdmin.connect();
    try {
      expect(await admin.messageCount(new QueueNames({ exchange: sut.env.AMQP_EXCHANGE, consumerGroup: 'thumbnail-worker' }).deadLetter)).toBe(0);
    } finally {
      await admin.close();
    }
  });

  it('skips a request whose fingerprint is no longer the image’s, without rendering', async () => {
    const png = await sharp({ create: { width: 50, height: 50, channels: 3, background: '#000' } }).png().toBuffer();
    const imageId = await addImage('trip/changed.png', png, 'fp4-current');

    const item = await requestThumbnail(imageId, 'fp4-older');

    expect(item).toMatchObject({ outcome: ItemOutcome.Skipped, reason: expect.stringMatching(/^stale request/) });
    expect(await thumbnailOf(imageId)).toBeNull();
  });

  it('skips the work of a cancelled job', async () => {
    const jobs = sut.app.get<Model<BackgroundJob>>(getModelToken(BackgroundJob.name));
    const cancelled = await jobs.create({ type: JobType.LibraryScan, libraryId, status: JobStatus.Cancelled });
    const png = await sharp({ create: { width: 50, height: 50, channels: 3, background: '#000' } }).png().toBuffer();
    const imageId = await addImage('trip/cancelled.png', png, 'fp5-x');

    const item = await requestThumbnail(imageId, 'fp5-x', String(cancelled._id));

    expect(item).toMatchObject({ outcome: ItemOutcome.Skipped, reason: 'job cancelled' });
    expect(await thumbnailOf(imageId)).toBeNull();
  });

  it('deletes the thumbnails of purged images, and their records', async () => {
    const png = await sharp({ create: { width: 50, height: 50, channels: 3, background: '#000' } }).png().toBuffer();
    const imageId = await addImage('trip/purged.png', png, 'fp6-x');
    await requestThumbnail(imageId, 'fp6-x');
    const file = join(derivativesDir, (await thumbnailOf(imageId))?.path ?? '');
    expect(existsSync(file)).toBe(true);

    await sut.publisher.publish(RoutingKey.DerivativesPurgeRequested, { libraryId, imageIds: [imageId] });

    await eventually('the purged thumbnail and its record to be gone', async () => !existsSync(file) && (await thumbnailOf(imageId)) === null);
  });

  it("deletes a deleted library's thumbnail folder and thumbnail records, and leaves other kinds' records", async () => {
    const folder = join(derivativesDir, 'thumbnail', libraryId);
    expect(existsSync(folder)).toBe(true);
    expect(await derivatives.countDocuments({ libraryId: new Types.ObjectId(libraryId) })).toBeGreaterThan(0);
    const cacheRecord = { imageId: new Types.ObjectId(), libraryId: new Types.ObjectId(libraryId), kind: DerivativeKind.Cache, state: DerivativeState.Ready, sourceFingerprint: 'f', updatedAt: new Date() };
    await derivatives.create(cacheRecord);

    await sut.publisher.publish(RoutingKey.LibraryChanged, { libraryId, change: LibraryChange.Deleted });

    await eventually('the library folder and records to be gone', async () => !existsSync(folder) && (await derivatives.countDocuments({ libraryId: new Types.ObjectId(libraryId), kind: DerivativeKind.Thumbnail })) === 0);
    expect(await derivatives.countDocuments({ libraryId: new Types.ObjectId(libraryId), kind: DerivativeKind.Cache })).toBe(1);
  });
});
