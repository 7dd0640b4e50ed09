import { eventually } from '@mediaflow/testing';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ApiClient } from './support/api-client';
import { launchBrowser, openDashboard, overflowsHorizontally, PHONE, screenshot } from './support/browser';
import { imageBytes, writeAt } from './support/library-generator';
import { MediaFixtures } from '../libs/media/src/testing/media-fixtures';
import { TERMINAL_JOB } from './support/library-views';
import { Stack } from './support/stack';

const ADMIN_KEY = 'e2e-dashboard-admin-key';

// The tests type-check without the DOM library; this is all they read of an <img> in the page.
interface ImageLike {
  naturalWidth: number;
}
interface BoxLike {
  scrollWidth: number;
  clientWidth: number;
}
const FOLDERS = ['summer', 'winter'];
const PER_FOLDER = 4;

/** Every stage bar of the job page, as "<label> <percent>". */
const stageBars = (page: Page): Promise<string[]> =>
  page
    .getByRole('progressbar', { name: /stage$/ })
    .evaluateAll((bars) => bars.map((bar) => `${bar.getAttribute('aria-label')} ${bar.getAttribute('aria-valuenow') ?? '?'}`));

describe('the dashboard, in a real browser', () => {
  let workDir: string;
  let libraryRoot: string;
  let stack: Stack;
  let api: ApiClient;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'mf-e2e-dashboard-'));
    libraryRoot = path.join(workDir, 'libraries', 'photos');
    let index = 0;
    for (const folder of FOLDERS) {
      for (let n = 0; n < PER_FOLDER; n += 1) await writeAt(libraryRoot, `${folder}/img-${n}.jpg`, await imageBytes('jpeg', (index += 1), 96, 72));
    }
    const media = new MediaFixtures(workDir);
    await writeAt(libraryRoot, 'clips/clip.mp4', await readFile(await media.video('clip.mp4', { width: 320, height: 240, seconds: 2 })));
    await media.end();
    stack = new Stack({
      portBase: 3800,
      env: {
        LIBRARY_ROOTS: path.join(workDir, 'libraries'),
        DERIVATIVES_DIR: path.join(workDir, 'derivatives'),
        API_KEYS: `admin:${ADMIN_KEY}`,
      },
    });
    stack.start();
    await stack.waitUntilReady();
    api = new ApiClient(stack.url('api-gateway'), ADMIN_KEY);
    browser = await launchBrowser();
    page = await openDashboard(browser, stack.url('api-gateway'), ADMIN_KEY);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await stack?.cleanUp();
    await rm(workDir, { recursive: true, force: true });
  });

  it('adds a library through the form', async () => {
    await page.goto('/');
    await page.getByText('No libraries yet.').waitFor();
    await page.getByRole('button', { name: 'Add library' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Photos');
    await page.getByLabel('Folder', { exact: true }).fill(libraryRoot);
    await page.getByRole('button', { name: 'Add library' }).click();

    const card = page.getByRole('listitem', { name: 'Library Photos' });
    await card.waitFor();
    await card.getByText('online').waitFor();
    await screenshot(page, 'libraries');
  });

  it('starts a scan and shows every stage bar reaching 100% live, without reloading', async () => {
    await page.getByTestId('stream-state').getByText('live').waitFor();
    await page.getByRole('listitem', { name: 'Library Photos' }).getByRole('button', { name: 'Scan now' }).click();
    await page.waitForURL(/\/jobs\/[0-9a-f]{24}$/);
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));

    const bars = await eventually('every stage bar at 100%', async () => {
      const current = await stageBars(page);
      return current.length === 3 && current.every((bar) => bar.endsWith(' 100')) ? current : undefined;
    }, 300_000, 250);

    expect(bars).toEqual(['discover stage 100', 'thumbnail stage 100', 'cache stage 100']);
    expect(navigations).toEqual([]);
    await page.getByText('Nothing failed.').waitFor();
    // A finished job shows when it ran, for how long, and how fast on average.
    const fact = (name: string) => page.locator(`dl.facts dt:text-is("${name}") + dd`);
    await fact('Average rate').getByText(/^\d+(\.\d+)? items\/s$/).waitFor();
    expect(await fact('Started').textContent()).not.toBe('—');
    expect(await fact('Finished').textContent()).not.toBe('—');
    expect(await fact('Duration').textContent()).toMatch(/^\d+(\.\d)? s$|min/);
    expect(await fact('ETA').textContent()).toBe('ended');
    await screenshot(page, 'job-detail');
  });

  it('opens a collection and shows its thumbnails, then one image', async () => {
    await page.getByRole('link', { name: 'Libraries' }).click();
    await page.getByRole('link', { name: 'Photos' }).click();
    await page.getByRole('link', { name: 'summer' }).click();

    const thumbnails = page.getByRole('list', { name: 'Thumbnails' }).getByRole('img');
    await eventually('every thumbnail to load', async () => {
      const loaded = await thumbnails.evaluateAll((images) => images.filter((image) => (image as unknown as ImageLike).naturalWidth > 0).length);
      return loaded === PER_FOLDER;
    });
    await screenshot(page, 'collection');

    await thumbnails.first().click();
    await page.getByText('Dimensions').waitFor();
    await eventually('the cache image to load', () => page.getByRole('img').evaluate((image) => (image as unknown as ImageLike).naturalWidth > 0));
    await screenshot(page, 'image');
  });

  it('creates a schedule: an invalid cron shows the reason, a valid one the next five fire times; then pauses it', async () => {
    await page.getByRole('link', { name: 'Schedules' }).click();
    await page.getByRole('button', { name: 'New schedule' }).click();
    await page.getByLabel('Schedule name').fill('Every five minutes');
    const cron = page.getByLabel('Cron expression');

    await cron.fill('61 * * * *');
    await page.getByTestId('cron-error').getByText(/invalid cron expression "61 \* \* \* \*"/).waitFor();
    await screenshot(page, 'schedule-invalid-cron');

    await cron.fill('*/5 * * * *');
    await page.getByTestId('cron-next').waitFor();
    expect(await page.getByTestId('cron-next').getByRole('listitem').count()).toBe(5);
    expect(await page.getByTestId('cron-error').count()).toBe(0);
    await page.getByRole('button', { name: 'Create schedule' }).click();

    const card = page.getByRole('listitem', { name: 'Schedule Every five minutes' });
    await card.getByRole('button', { name: 'Pause' }).click();
    await card.getByRole('button', { name: 'Resume' }).waitFor();
    await card.getByText('paused').waitFor();
    const schedules = await api.ok<{ items: Array<{ name: string; paused: boolean }> }>('GET', '/schedules');
    expect(schedules.items.find((schedule) => schedule.name === 'Every five minutes')?.paused).toBe(true);
    await screenshot(page, 'schedules');
  });

  it('shows a video as its poster frame with its duration, and what was read from it', async () => {
    await page.getByRole('link', { name: 'Libraries' }).click();
    await page.getByRole('link', { name: 'Photos' }).click();
    await page.getByRole('link', { name: 'clips' }).click();
    await page.getByRole('list', { name: 'Thumbnails' }).getByRole('img').first().click();

    await page.getByTestId('video-badge').getByText('▶ video, 0:02 (poster frame)').waitFor();
    await page.getByTestId('duration').getByText('0:02').waitFor();
    await page.getByText('video (video/mp4)').waitFor();
    await eventually('the poster frame to load', () => page.getByRole('img').evaluate((image) => (image as unknown as ImageLike).naturalWidth > 0));
    await screenshot(page, 'video');
  });

  it('shows the jobs list and the queues of every service', async () => {
    await page.getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('link', { name: /scan of library "Photos"/i }).first().waitFor();
    await screenshot(page, 'jobs');

    await page.getByRole('link', { name: 'Queues & system' }).click();
    const scanWorker = page.getByRole('row', { name: /scan-worker/ });
    await scanWorker.getByText('up').waitFor();
    await screenshot(page, 'system');
  });

  it('fits a 390 px wide phone screen', async () => {
    const phone = await openDashboard(browser, stack.url('api-gateway'), ADMIN_KEY, PHONE);
    for (const [route, name] of [['/libraries', 'libraries'], ['/jobs', 'jobs'], ['/schedules', 'schedules'], ['/system', 'system']]) {
      await phone.goto(route!);
      await phone.getByRole('heading', { level: 1 }).waitFor();
      // Every section that loads (the System page has several) has finished.
      await phone.locator('.loading').first().waitFor({ state: 'detached' });
      await screenshot(phone, `phone-${name}`);
      expect(`${route}: ${await overflowsHorizontally(phone)}`).toBe(`${route}: false`);
    }
    await phone.context().close();
  });

  it('delivers job.updated over server-sent events to two browser pages at once', async () => {
    const pages = await Promise.all([0, 1].map(() => openDashboard(browser, stack.url('api-gateway'), ADMIN_KEY)));
    for (const each of pages) {
      await each.goto('/jobs');
      // What the dashboard's own stream uses; recorded in the page so the test can read what arrived.
      await each.evaluate(
        (key) =>
          new Promise<void>((resolve) => {
            const received: string[] = [];
            Object.assign(globalThis, { receivedJobUpdates: received });
            const source = new EventSource(`/api/v1/jobs/events?apiKey=${encodeURIComponent(key)}`);
            source.addEventListener('ready', () => resolve());
            source.addEventListener('job.updated', (event) => received.push((JSON.parse((event as unknown as { data: string }).data) as { jobId: string }).jobId));
          }),
        ADMIN_KEY,
      );
    }
    const libraries = await api.ok<{ items: Array<{ id: string }> }>('GET', '/libraries');

    const { jobId } = await api.ok<{ jobId: string }>('POST', `/libraries/${libraries.items[0]!.id}/scans`, { mode: 'full' });

    for (const each of pages) {
      await eventually('the page to receive job.updated of the new scan', () =>
        each.evaluate((id) => (globalThis as unknown as { receivedJobUpdates: string[] }).receivedJobUpdates.includes(id), jobId),
      );
    }
    await Promise.all(pages.map((each) => each.context().close()));
  });

  it('groups the files that fail to render by reason, with their counts, on a desktop and a phone', async () => {
    await writeAt(libraryRoot, 'broken/notes-1.jpg', Buffer.from('a text file named .jpg'.repeat(10)));
    await writeAt(libraryRoot, 'broken/notes-2.jpg', Buffer.from('another text file named .jpg'.repeat(10)));
    await writeAt(libraryRoot, 'broken/empty.jpg', Buffer.alloc(0));
    const libraries = await api.ok<{ items: Array<{ id: string }> }>('GET', '/libraries');
    const scan = await eventually('an incremental scan to be accepted (the previous one may still run)', async () => {
      const response = await api.request<{ jobId: string }>('POST', `/libraries/${libraries.items[0]!.id}/scans`, { mode: 'incremental' });
      return response.status === 202 && response.body.jobId;
    }, 120_000, 500);
    await eventually('the scan to end', async () => TERMINAL_JOB.includes((await api.ok<{ status: string }>('GET', `/jobs/${scan}`)).status), 300_000, 500);

    await page.getByRole('link', { name: 'Failures' }).click();
    const group = (reason: string) => page.getByRole('listitem', { name: `Failure group ${reason}` });
    await group('not a supported image (unrecognised format)').getByTestId('failure-count').getByText('2', { exact: true }).waitFor();
    await group('not a supported image (zero-byte file)').getByTestId('failure-count').getByText('1', { exact: true }).waitFor();
    expect(await page.getByRole('listitem', { name: /^Failure group / }).count()).toBe(2);
    await group('not a supported image (zero-byte file)').getByText('retrying will not help').waitFor();
    await group('not a supported image (unrecognised format)').getByText('2 files').click();
    await page.getByRole('link', { name: 'broken/notes-1.jpg' }).waitFor();
    await screenshot(page, 'failures');

    const phone = await openDashboard(browser, stack.url('api-gateway'), ADMIN_KEY, PHONE);
    await phone.goto('/failures');
    await phone.getByRole('listitem', { name: /^Failure group / }).first().waitFor();
    await screenshot(phone, 'phone-failures');
    expect(await overflowsHorizontally(phone)).toBe(false);
    await phone.context().close();
  });

  it('shows the library overview: images and derivative states by media kind, the last and next scan, on a desktop and a phone', async () => {
    const libraries = await api.ok<{ items: Array<{ id: string }> }>('GET', '/libraries');
    const libraryId = libraries.items[0]!.id;
    const overview = (target: Page) => target.getByRole('region', { name: 'Library overview' });
    /** A kind's row: kind, images, thumbnails ready/failed/pending, cache ready/failed/pending. */
    const row = async (target: Page, kind: string) => (await overview(target).locator(`tr[data-kind="${kind}"] > *`).allTextContents()).join(' ');

    await page.goto(`/libraries/${libraryId}`);
    // 8 JPEGs and the 3 broken .jpg files of the failures test (both render workers fail those); one video.
    await eventually('the still images counted by state', async () => (await row(page, 'still')) === 'still 11 8 3 0 8 3 0');
    expect(await row(page, 'video')).toBe('video 1 1 0 0 1 0 0');
    const fact = (name: string) => overview(page).locator(`dl.facts dt:text-is("${name}") + dd`);
    expect(await fact('Images').textContent()).toMatch(/^12 counted /);
    expect(await fact('Last scan').getByRole('link').getAttribute('href')).toMatch(/\/jobs\/[0-9a-f]{24}$/);
    expect(await fact('Last scan').textContent()).toMatch(/completed.*took /);
    expect(await fact('Next scan').textContent()).not.toBe('none scheduled');
    expect(await fact('Watch').textContent()).toBe('off');
    await screenshot(page, 'library-overview');

    const phone = await openDashboard(browser, stack.url('api-gateway'), ADMIN_KEY, PHONE);
    await phone.goto(`/libraries/${libraryId}`);
    await overview(phone).locator('tr[data-kind="video"]').waitFor();
    await screenshot(phone, 'phone-library-overview');
    expect(await overflowsHorizontally(phone)).toBe(false);
    // The table fits too, not only its scrolling box.
    const table = overview(phone).locator('.table-wrap');
    expect(await table.evaluate((box) => (box as unknown as BoxLike).scrollWidth <= (box as unknown as BoxLike).clientWidth + 1)).toBe(true);
    await phone.context().close();
  });
});
