import { DerivativeKind, DerivativeState, ItemOutcome, JobType, RoutingKey, StageName, type JobItemsReportedV1 } from '@mediaflow/contracts';
import { BackgroundJob, Image, ImageDerivative, Library } from '@mediaflow/persistence';
import { eventually, MessageCapture, startServiceForTest, type ServiceUnderTest } from '@mediaflow/testing';
import { getModelToken } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { ThumbnailWorkerEnv } from './config/thumbnail-worker.env';
import { ThumbnailWorkerModule } from './thumbnail-worker.module';

// The longest linger the worker accepts: three 64x48 thumbnails are rendered well within it, so nothing is
// published before the worker stops.
const LINGER_MS = 10_000;

describe('thumbnail-worker report batching', () => {
  let dir: string;
  let sut: ServiceUnderTest<ThumbnailWorkerEnv>;
  let capture: MessageCapture;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mf-report-batching-'));
    await mkdir(join(dir, 'library'), { recursive: true });
    sut = await startServiceForTest({
      name: 'thumbnail-worker',
      envClass: ThumbnailWorkerEnv,
      module: ThumbnailWorkerModule,
      env: { DERIVATIVES_DIR: join(dir, 'derivatives'), RENDER_REPORT_LINGER_MS: String(LINGER_MS) },
    });
    capture = await MessageCapture.bind(sut.env.AMQP_EXCHANGE, [RoutingKey.JobItemsReported]);
  });

  afterAll(async () => {
    await capture?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("holds a job's finished items and publishes them as one message, at once when the worker stops", async () => {
    const model = <T>(name: string) => sut.app.get<Model<T>>(getModelToken(name));
    const library = await model<Library>(Library.name).create({ name: 'Photos', rootPath: join(dir, 'library') });
    const job = await model<BackgroundJob>(BackgroundJob.name).create({ type: JobType.LibraryScan, libraryId: library._id });
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#884422' } }).jpeg().toBuffer();
    const imageIds: string[] = [];
    for (const name of ['a.jpg', 'b.jpg', 'c.jpg']) {
      await writeFile(join(dir, 'library', name), jpeg);
      const image = await model<Image>(Image.name).create({ libraryId: library._id, collectionId: new Types.ObjectId(), relativePath: name, size: jpeg.length, mtimeMs: Date.now(), fingerprint: `fp-${name}` });
      imageIds.push(String(image._id));
      await sut.publisher.publish(RoutingKey.ThumbnailRequested, { jobId: String(job._id), imageId: String(image._id), libraryId: String(library._id), fingerprint: `fp-${name}` });
    }
    const derivatives = model<ImageDerivative>(ImageDerivative.name);
    await eventually('three thumbnails recorded', async () => {
      const ready = await derivatives.countDocuments({ kind: DerivativeKind.Thumbnail, state: DerivativeState.Ready, libraryId: library._id });
      return ready === 3 ? true : undefined;
    });
    expect(capture.payloads).toHaveLength(0);

    // The stop publishes what waits instead of waiting out the linger (its handlers are still in flight).
    const stopping = Date.now();
    await sut.stop();
    expect(Date.now() - stopping).toBeLessThan(LINGER_MS / 2);

    const reports = await eventually('the held reports', () => (capture.payloads.length > 0 ? (capture.payloads as JobItemsReportedV1[]) : undefined));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ jobId: String(job._id), stage: StageName.Thumbnail });
    expect(reports[0]!.items.map((item) => item.itemId).sort()).toEqual([...imageIds].sort());
    expect(reports[0]!.items.every((item) => item.outcome === ItemOutcome.Done)).toBe(true);
  });
});
