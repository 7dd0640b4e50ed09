import { eventually } from '@mediaflow/testing';
import { copyFile, mkdir, mkdtemp, open, readdir, rename, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiClient } from './support/api-client';
import { imageBytes, writeAt } from './support/library-generator';
import { TERMINAL_JOB, libraryCollections, libraryImages, libraryJobs, thumbnailReady, type ImageView, type JobView } from './support/library-views';
import { Stack } from './support/stack';

const ADMIN_KEY = 'e2e-admin-key';
const WAIT_MS = 240_000;

/**
 * The watcher's acceptance on the real broker, store and file system: files copied, written slowly,
 * renamed and deleted under a watched library are indexed, rendered, moved and removed with no scan
 * asked for. Images are small (64×48 JPEGs) so rendering stays cheap.
 */
describe('watching a library, end to end', () => {
  let workDir: string;
  let root: string;
  let staging: string;
  let derivativesDir: string;
  let stack: Stack;
  let api: ApiClient;
  let libraryId: string;

  const images = (): Promise<Map<string, ImageView>> => libraryImages(api, libraryId);

  /** Every watch-sync job of the library once none is still running; the ones not in `before`. */
  const settledWatchJobs = (before: JobView[] = []): Promise<JobView[]> =>
    eventually('watch-sync jobs to end', async () => {
      const jobs = await libraryJobs(api, libraryId, 'watch-sync');
      if (!jobs.every((job) => TERMINAL_JOB.includes(job.status))) return undefined;
      return jobs.filter((job) => !before.some((old) => old.id === job.id));
    }, WAIT_MS, 500);

  const rendered = (jobs: JobView[], stage: string): number =>
    jobs.reduce((sum, job) => sum + (job.stages.find((candidate) => candidate.name === stage)?.done ?? 0), 0);

  const derivativeFiles = async (imageId: string): Promise<string[]> => {
    const found: string[] = [];
    for (const kind of ['thumbnail', 'cache']) {
      const dir = path.join(derivativesDir, kind, libraryId, imageId.slice(-2));
      const names = await readdir(dir).catch(() => [] as string[]);
      found.push(...names.filter((name) => name.startsWith(`${imageId}-`)));
    }
    return found;
  };

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'mf-e2e-watch-'));
    root = path.join(workDir, 'libraries', 'watched');
    staging = path.join(workDir, 'staging');
    derivativesDir = path.join(workDir, 'derivatives');
    await mkdir(root, { recursive: true });
    stack = new Stack({
      portBase: 3700,
      env: {
        LIBRARY_ROOTS: path.join(workDir, 'libraries'),
        DERIVATIVES_DIR: derivativesDir,
        API_KEYS: `admin:${ADMIN_KEY}`,
        WATCH_LEASE_TTL_MS: '10000',
        WATCH_RECONCILE_MS: '2000',
      },
    });
    stack.start(['api-gateway', 'watcher', 'scan-worker', 'thumbnail-worker', 'cache-worker', 'job-tracker']);
    await stack.waitUntilReady();
    api = new ApiClient(stack.url('api-gateway'), ADMIN_KEY);
    ({ id: libraryId } = await api.ok<{ id: string }>('POST', '/libraries', { name: 'watched', rootPath: root, watch: true }));
    await eventually('the library to be watched', async () => (await api.ok<{ watchStatus: string }>('GET', `/libraries/${libraryId}`)).watchStatus === 'watching', WAIT_MS, 250);
    // The scan requested on taking the lease ends before files arrive, so every change below is the watch's.
    await eventually('the catch-up scan to end', async () => {
      const scans = await libraryJobs(api, libraryId, 'library-scan');
      return scans.length > 0 && scans.every((job) => TERMINAL_JOB.includes(job.status));
    }, WAIT_MS, 250);
  });

  afterAll(async () => {
    await stack?.stop();
    await stack?.cleanUp();
    await rm(workDir, { recursive: true, force: true });
  });

  it('indexes and renders 200 copied images, some in a new subfolder that becomes a collection', async () => {
    const names: string[] = [];
    for (let n = 0; n < 200; n += 1) {
      const relativePath = n < 150 ? `img-${n}.jpg` : `trip/img-${n}.jpg`;
      await writeAt(staging, relativePath, await imageBytes('jpeg', n, 64, 48));
      names.push(relativePath);
    }
    await mkdir(path.join(root, 'trip'));
    for (const relativePath of names) await copyFile(path.join(staging, relativePath), path.join(root, relativePath));

    const indexed = await eventually('200 images with a ready thumbnail', async () => {
      const current = await images();
      return names.every((name) => thumbnailReady(current.get(name))) ? current : undefined;
    }, WAIT_MS, 1_000);

    expect(indexed.size).toBe(200);
    expect((await libraryCollections(api, libraryId)).map((collection) => [collection.relativePath, collection.imageCount]).sort()).toEqual([
      ['', 150],
      ['trip', 50],
    ]);
    const jobs = await settledWatchJobs();
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.every((job) => job.status === 'completed')).toBe(true);
    expect(rendered(jobs, 'thumbnail')).toBe(200);
  });

  it('renders a file written slowly once, from its complete content', async () => {
    const before = await settledWatchJobs();
    const bytes = await imageBytes('jpeg', 4_242, 640, 480);
    const chunks = 6;
    const file = await open(path.join(root, 'slow.jpg'), 'w');
    try {
      for (let chunk = 0; chunk < chunks; chunk += 1) {
        const start = Math.floor((bytes.length * chunk) / chunks);
        await file.write(bytes.subarray(start, Math.floor((bytes.length * (chunk + 1)) / chunks)));
        // Writing over three seconds is the scenario, not a wait for a result.
        if (chunk < chunks - 1) await new Promise((resolve) => setTimeout(resolve, 600));
      }
    } finally {
      await file.close();
    }

    const image = await eventually('slow.jpg rendered', async () => {
      const found = (await images()).get('slow.jpg');
      return thumbnailReady(found) ? found : undefined;
    }, WAIT_MS, 500);

    expect(image.size).toBe(bytes.length);
    const jobs = await settledWatchJobs(before);
    expect(jobs.every((job) => job.status === 'completed')).toBe(true);
    expect(rendered(jobs, 'thumbnail')).toBe(1);
    expect(rendered(jobs, 'cache')).toBe(1);
  });

  it('moves the images of a renamed folder without rendering them again', async () => {
    const before = await settledWatchJobs();
    const previous = [...(await images()).values()].filter((image) => image.relativePath.startsWith('trip/'));
    expect(previous).toHaveLength(50);

    await rename(path.join(root, 'trip'), path.join(root, 'journey'));

    const moved = await eventually('the 50 images under journey/', async () => {
      const current = await images();
      const under = [...current.values()].filter((image) => image.relativePath.startsWith('journey/'));
      const stale = [...current.values()].some((image) => image.relativePath.startsWith('trip/'));
      return under.length === 50 && !stale ? current : undefined;
    }, WAIT_MS, 1_000);

    for (const image of previous) {
      const now = moved.get(image.relativePath.replace(/^trip\//, 'journey/'));
      expect(now?.id).toBe(image.id);
      expect(now?.derivatives.thumbnail).toEqual(image.derivatives.thumbnail);
      expect(now?.derivatives.cache).toEqual(image.derivatives.cache);
    }
    const jobs = await settledWatchJobs(before);
    expect(rendered(jobs, 'thumbnail')).toBe(0);
    expect(rendered(jobs, 'cache')).toBe(0);
    expect((await libraryCollections(api, libraryId)).map((collection) => collection.relativePath).sort()).toEqual(['', 'journey']);
  });

  it('soft-deletes deleted files and removes their derivatives', async () => {
    const current = await images();
    const doomed = ['img-0.jpg', 'img-1.jpg', 'img-2.jpg', 'journey/img-150.jpg'].map((name) => current.get(name)!);
    for (const image of doomed) expect(await derivativeFiles(image.id)).toHaveLength(2);

    for (const image of doomed) await unlink(path.join(root, image.relativePath));

    for (const image of doomed) {
      await eventually(`${image.relativePath} deleted with its derivatives`, async () => {
        const { status } = await api.request('GET', `/images/${image.id}`);
        return status === 404 && (await derivativeFiles(image.id)).length === 0;
      }, WAIT_MS, 500);
    }
    // The counts are written last, before the watch-sync job completes (docs/watcher.md): once the
    // jobs have ended they hold, not the moment the images are gone.
    await settledWatchJobs();
    const remaining = await images();
    expect(remaining.size).toBe(current.size - doomed.length);
    expect((await api.ok<{ imageCount: number }>('GET', `/libraries/${libraryId}`)).imageCount).toBe(remaining.size);
  });
});
