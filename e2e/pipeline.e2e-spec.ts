import { eventually } from '@mediaflow/testing';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiClient } from './support/api-client';
import { generateLibrary, imageBytes, writeAt, type GeneratedLibrary } from './support/library-generator';
import { CAMERA_EXIF, generateMediaLibrary, type MediaLibrary } from './support/media-library';
import { Stack } from './support/stack';

const PER_FORMAT = 200;
const ADMIN_KEY = 'e2e-admin-key';
const TERMINAL = ['completed', 'completed_with_errors', 'failed', 'cancelled'];

interface Stage {
  name: string;
  status: string;
  total: number | null;
  done: number;
  failed: number;
  skipped: number;
}
interface Job {
  id: string;
  status: string;
  stages: Stage[];
  failureSample: Array<{ path: string | null; reason: string; stage: string }>;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface ImageView {
  id: string;
  relativePath: string;
  derivatives: Record<'thumbnail' | 'cache', { state: string; url: string | null; reason?: string | null }>;
  [field: string]: unknown;
}

describe('the core pipeline, end to end', () => {
  let workDir: string;
  let library: GeneratedLibrary;
  let media: MediaLibrary;
  let stack: Stack;
  let api: ApiClient;
  let libraryId: string;

  const waitForJob = (jobId: string): Promise<Job> =>
    eventually(`job ${jobId} to end`, async () => {
      const job = await api.ok<Job>('GET', `/jobs/${jobId}`);
      return TERMINAL.includes(job.status) ? job : undefined;
    }, 840_000, 500);

  const stage = (job: Job, name: string): Stage => {
    const found = job.stages.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`job has no ${name} stage: ${JSON.stringify(job.stages)}`);
    return found;
  };

  /** Walks the public API the way a client would: every page of collections, every page of images. */
  const pages = async <T>(route: string): Promise<T[]> => {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const separator = route.includes('?') ? '&' : '?';
      const page: Page<T> = await api.ok<Page<T>>('GET', `${route}${separator}limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };

  const allImages = async (): Promise<Map<string, ImageView>> => {
    const byPath = new Map<string, ImageView>();
    for (const collection of await pages<{ id: string }>(`/libraries/${libraryId}/collections`)) {
      (await pages<ImageView>(`/collections/${collection.id}/images`)).forEach((image) => byPath.set(image.relativePath, image));
    }
    return byPath;
  };

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'mf-e2e-'));
    library = await generateLibrary(path.join(workDir, 'libraries', 'photos'), PER_FORMAT);
    media = await generateMediaLibrary(library.root);
    stack = new Stack({
      portBase: 3120,
      env: {
        LIBRARY_ROOTS: path.join(workDir, 'libraries'),
        DERIVATIVES_DIR: path.join(workDir, 'derivatives'),
        API_KEYS: `admin:${ADMIN_KEY},viewer:e2e-viewer-key`,
        MESSAGE_RETRY_DELAYS_MS: '200,500',
      },
    });
    stack.start();
    await stack.waitUntilReady();
    api = new ApiClient(stack.url('api-gateway'), ADMIN_KEY);
  });

  afterAll(async () => {
    await stack.stop();
    await stack.cleanUp();
    await rm(workDir, { recursive: true, force: true });
  });

  it('renders both derivatives of every valid image, HEIC, RAW and video in a full scan, and counts every bad file as a failure with a reason', async () => {
    libraryId = (await api.ok<{ id: string }>('POST', '/libraries', { name: 'Photos', rootPath: library.root })).id;

    const { jobId } = await api.ok<{ jobId: string }>('POST', `/libraries/${libraryId}/scans`, { mode: 'full' });
    const job = await waitForJob(jobId);

    const valid = [...library.valid, ...media.valid];
    const bad = [...library.bad.map((file) => file.relativePath), ...media.bad.map((file) => file.relativePath)];
    expect(job.status).toBe('completed_with_errors');
    for (const name of ['thumbnail', 'cache']) {
      expect(stage(job, name)).toMatchObject({ total: valid.length + bad.length, done: valid.length, failed: bad.length });
    }
    const failedPaths = job.failureSample.map((failure) => failure.path).sort();
    expect(new Set(failedPaths)).toEqual(new Set(bad));
    expect(job.failureSample.every((failure) => failure.reason.length > 0)).toBe(true);
    for (const { relativePath, reason } of media.bad) {
      expect(job.failureSample.filter((failure) => failure.path === relativePath).map((failure) => failure.reason)).toEqual([
        expect.stringMatching(reason),
        expect.stringMatching(reason),
      ]);
    }

    const images = await allImages();
    expect(images.size).toBe(valid.length + bad.length);
    for (const relativePath of valid) {
      const image = images.get(relativePath);
      expect(image?.derivatives.thumbnail.state).toBe('ready');
      const thumbnail = await api.bytes(`/images/${image?.id}/thumbnail`);
      const cache = await api.bytes(`/images/${image?.id}/cache`);
      expect([thumbnail.status, thumbnail.contentType, cache.status, cache.contentType]).toEqual([200, 'image/webp', 200, 'image/jpeg']);
      expect(thumbnail.length).toBeGreaterThan(0);
    }
  });

  it('serves the metadata read while rendering: date, camera and GPS from EXIF, HEIC and RAW orientation, video duration, takenAt order', async () => {
    const images = await allImages();
    expect(images.get('media/camera.jpg')).toMatchObject({
      mediaType: 'image',
      mimeType: 'image/jpeg',
      width: 600,
      height: 400,
      takenAt: '2021-06-15T14:30:00+02:00',
      takenAtSource: 'exif',
      camera: { make: CAMERA_EXIF.Make, model: CAMERA_EXIF.Model },
      lens: CAMERA_EXIF.LensModel,
      exposure: { iso: 200, fNumber: 4, exposureTime: 0.004, focalLength: 35 },
      gps: { latitude: 48.8584, longitude: 2.2945, altitude: 35 },
      durationMs: null,
    });
    expect(images.get('media/phone.heic')).toMatchObject({ mediaType: 'image', mimeType: 'image/heic', width: 240, height: 320, takenAtSource: 'exif' });
    expect(images.get('media/camera.cr2')).toMatchObject({ mediaType: 'image', width: 400, height: 600, camera: { make: 'Canon', model: 'EOS 5D' } });
    expect(images.get('media/clip.mp4')).toMatchObject({ mediaType: 'video', mimeType: 'video/mp4', width: 640, height: 480, durationMs: 2000, videoCodec: 'h264' });
    expect(images.get('media/clip.mov')).toMatchObject({ mediaType: 'video', takenAt: '2022-03-04T05:06:07+00:00', takenAtSource: 'quicktime', gps: { latitude: 48.8584, longitude: 2.2945 } });
    expect(images.get('media/panorama.jpg')).toMatchObject({ width: 20_000, height: 14_000 });
    expect((await api.bytes(`/images/${images.get('media/panorama.jpg')?.id}/cache`)).status).toBe(200);
    expect(images.get('media-broken/bomb.png')?.derivatives.thumbnail).toMatchObject({ state: 'failed', reason: expect.stringMatching(/^image too large/) });

    const collectionId = (await pages<{ id: string; relativePath: string }>(`/libraries/${libraryId}/collections`)).find((c) => c.relativePath === 'media')?.id;
    const ordered = await pages<ImageView>(`/collections/${collectionId}/images?sort=takenAt`);
    // The JPEG and the HEIC carry the same EXIF date (2021), the MOV its QuickTime date (2022); the rest date from their mtime (now).
    expect(ordered.slice(0, 3).map((image) => image.relativePath).sort()).toEqual(['media/camera.jpg', 'media/clip.mov', 'media/phone.heic'].sort());
    expect(ordered[2]?.relativePath).toBe('media/clip.mov');
    expect(ordered.map((image) => image.relativePath).sort()).toEqual([...media.valid].sort());
  });

  it('re-renders only what changed in an incremental scan; a moved file keeps its derivatives; a deleted one loses them', async () => {
    const before = await allImages();
    const [modified, deleted, moved] = [library.valid[0]!, library.valid[1]!, library.valid[2]!];
    const movedTo = `moved/${path.posix.basename(moved)}`;
    await writeAt(library.root, modified, await imageBytes('jpeg', 424_242, 64, 48));
    await rm(path.join(library.root, deleted));
    await mkdir(path.join(library.root, path.posix.dirname(movedTo)), { recursive: true });
    await rename(path.join(library.root, moved), path.join(library.root, movedTo));
    await writeAt(library.root, 'new-folder/added-1.png', await imageBytes('png', 515_151));
    await writeAt(library.root, 'new-folder/added-2.webp', await imageBytes('webp', 616_161));
    await writeFile(path.join(library.root, 'new-folder', '.DS_Store'), 'junk');

    const { jobId } = await api.ok<{ jobId: string }>('POST', `/libraries/${libraryId}/scans`, { mode: 'incremental' });
    const job = await waitForJob(jobId);

    expect(job.status).toBe('completed');
    for (const name of ['thumbnail', 'cache']) {
      expect(stage(job, name)).toMatchObject({ total: 3, done: 3, failed: 0 });
    }
    const after = await allImages();
    expect(after.get(movedTo)?.id).toBe(before.get(moved)?.id);
    expect(after.get(movedTo)?.derivatives.thumbnail.url).toBe(before.get(moved)?.derivatives.thumbnail.url);
    expect(after.has(deleted)).toBe(false);
    const deletedId = before.get(deleted)?.id;
    const derivativeFiles = async (): Promise<string[]> =>
      (await readdir(path.join(workDir, 'derivatives'), { recursive: true })).map(String);
    await eventually('the deleted image derivative files to be gone', async () =>
      (await derivativeFiles()).every((file) => !file.includes(`${deletedId}-`)),
    );
    expect((await api.bytes(`/images/${deletedId}/thumbnail`)).status).toBe(404);
    expect(after.get('new-folder/added-1.png')?.derivatives.cache.state).toBe('ready');
    expect(after.get(modified)?.derivatives.thumbnail.url).not.toBe(before.get(modified)?.derivatives.thumbnail.url);
    expect(after.get(modified)?.derivatives.thumbnail.state).toBe('ready');
  });
});
