import { DerivativeKind, DerivativeState, JobStatus, JobType } from '@mediaflow/contracts';
import { Types } from 'mongoose';
import { GatewayUnderTest } from '../testing/gateway-test-harness';
import { LibraryOverviewService } from './library-overview.service';

describe(LibraryOverviewService.name, () => {
  let sut: GatewayUnderTest;

  beforeAll(async () => {
    sut = await GatewayUnderTest.start();
  });

  afterAll(async () => {
    await sut?.stop();
  });

  async function createLibrary(name: string, extra: Record<string, unknown> = {}): Promise<{ id: string; rootPath: string }> {
    const response = await sut.call('POST', '/api/v1/libraries', { body: { name, rootPath: await sut.folder(name.replace(/ /g, '-')), ...extra } });
    expect(response.status).toBe(201);
    return response.body;
  }

  async function image(libraryId: string, relativePath: string, fields: Record<string, unknown> = {}): Promise<Types.ObjectId> {
    const created = await sut.images.create({
      libraryId: new Types.ObjectId(libraryId),
      collectionId: new Types.ObjectId(),
      relativePath,
      size: 1,
      mtimeMs: 1,
      fingerprint: `fp-${relativePath}`,
      ...fields,
    });
    return created._id;
  }

  async function derivative(libraryId: string, imageId: Types.ObjectId, kind: DerivativeKind, state: DerivativeState, fields: Record<string, unknown> = {}) {
    await sut.derivatives.create({ imageId, libraryId: new Types.ObjectId(libraryId), kind, state, sourceFingerprint: 'fp', updatedAt: new Date(), ...fields });
  }

  it('counts images by media kind and derivatives by state, with pending as the rest', async () => {
    const library = await createLibrary('Overview counts');
    const stills = await Promise.all(['a.jpg', 'b.JPEG', 'c.png', 'd.webp'].map((name) => image(library.id, `trip/${name}`, { mediaKind: 'still' })));
    const video = await image(library.id, 'clips/clip.mp4', { mediaKind: 'video' });
    await image(library.id, 'gone.jpg', { mediaKind: 'still', deletedAt: new Date() });
    await image(new Types.ObjectId().toHexString(), 'other-library.jpg', { mediaKind: 'still' });
    for (const id of stills.slice(0, 3)) await derivative(library.id, id, DerivativeKind.Thumbnail, DerivativeState.Ready, { mediaKind: 'still' });
    await derivative(library.id, stills[3] as Types.ObjectId, DerivativeKind.Thumbnail, DerivativeState.Failed, { mediaKind: 'still', reason: 'broken' });
    await derivative(library.id, stills[0] as Types.ObjectId, DerivativeKind.Cache, DerivativeState.Ready, { mediaKind: 'still' });
    await derivative(library.id, video, DerivativeKind.Thumbnail, DerivativeState.Ready, { mediaKind: 'video' });

    const response = await sut.call('GET', `/api/v1/libraries/${library.id}/overview`);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      libraryId: library.id,
      images: 5,
      mediaKinds: [
        { kind: 'still', images: 4, thumbnail: { ready: 3, failed: 1, pending: 0 }, cache: { ready: 1, failed: 0, pending: 3 } },
        { kind: 'video', images: 1, thumbnail: { ready: 1, failed: 0, pending: 0 }, cache: { ready: 0, failed: 0, pending: 1 } },
      ],
      lastScan: null,
      watch: { enabled: false, status: 'off', reason: null },
    });
    expect(Date.now() - Date.parse(response.body.countedAt)).toBeLessThan(60_000);
  });

  it('reports records written before the kind was stored as kind unknown', async () => {
    const library = await createLibrary('Overview legacy');
    const legacy = await image(library.id, 'old/a.jpg');
    await image(library.id, 'old/b.jpg');
    await derivative(library.id, legacy, DerivativeKind.Thumbnail, DerivativeState.Ready);

    const response = await sut.call('GET', `/api/v1/libraries/${library.id}/overview`);

    expect(response.body.mediaKinds).toEqual([
      { kind: 'unknown', images: 2, thumbnail: { ready: 1, failed: 0, pending: 1 }, cache: { ready: 0, failed: 0, pending: 2 } },
    ]);
  });

  it('shows the last scan with its duration, the next scheduled scan as on the library, and the watch status', async () => {
    const library = await createLibrary('Overview scans', { watch: true, scanSchedule: { cron: '0 3 * * *', timezone: 'UTC' } });
    const job = await sut.jobs.create({
      type: JobType.LibraryScan,
      status: JobStatus.Completed,
      libraryId: new Types.ObjectId(library.id),
      startedAt: new Date('2026-12-01T10:00:00Z'),
      finishedAt: new Date('2026-12-01T10:02:03.500Z'),
    });
    await sut.libraries.updateOne({ _id: library.id }, { $set: { lastScanJobId: job._id, lastScanAt: job.finishedAt, watchStatus: 'degraded', watchReason: 'polling: ENOSPC' } });

    const response = await sut.call('GET', `/api/v1/libraries/${library.id}/overview`);
    const view = await sut.call('GET', `/api/v1/libraries/${library.id}`);

    expect(response.body).toMatchObject({
      images: 0,
      mediaKinds: [],
      lastScan: { jobId: job._id.toString(), status: 'completed', startedAt: '2026-12-01T10:00:00.000Z', finishedAt: '2026-12-01T10:02:03.500Z', durationMs: 123_500 },
      watch: { enabled: true, status: 'degraded', reason: 'polling: ENOSPC' },
    });
    expect(response.body.nextScanAt).toMatch(/T03:00:00\.000Z$/);
    expect(response.body.nextScanAt).toBe(view.body.scanSchedule.nextRunAt);
  });

  it('answers 404 for an unknown library and 400 for an invalid id', async () => {
    const unknown = new Types.ObjectId().toHexString();
    const missing = await sut.call('GET', `/api/v1/libraries/${unknown}/overview`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'LIBRARY_NOT_FOUND', message: `No library with id ${unknown}` });

    const invalid = await sut.call('GET', '/api/v1/libraries/not-an-id/overview');
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('INVALID_ID');
  });
});
