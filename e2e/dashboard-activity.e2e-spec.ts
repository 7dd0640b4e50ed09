import { eventually } from '@mediaflow/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ApiClient } from './support/api-client';
import { launchBrowser, openDashboard, overflowsHorizontally, PHONE, screenshot } from './support/browser';
import { imageBytes, writeAt } from './support/library-generator';
import { TERMINAL_JOB, type JobView } from './support/library-views';
import { Stack } from './support/stack';

const ADMIN_KEY = 'e2e-activity-admin-key';
const FOLDERS = 6;
const PER_FOLDER = 60;

type ChartSummary = Record<string, { points: number; max: number; last: number | null }>;

/** What a chart on the page plots now: per series, its points above zero, its largest and latest value. */
const chart = async (page: Page, title: string): Promise<ChartSummary> =>
  JSON.parse((await page.getByRole('figure', { name: `${title} chart` }).getAttribute('data-summary')) ?? '{}') as ChartSummary;

describe('the activity charts and health strip, in a real browser, during a scan', () => {
  let workDir: string;
  let libraryRoot: string;
  let stack: Stack;
  let api: ApiClient;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'mf-e2e-activity-'));
    libraryRoot = path.join(workDir, 'libraries', 'archive');
    let index = 0;
    for (let folder = 0; folder < FOLDERS; folder += 1) {
      for (let n = 0; n < PER_FOLDER; n += 1) await writeAt(libraryRoot, `roll-${folder}/img-${n}.jpg`, await imageBytes('jpeg', (index += 1), 1024, 768));
    }
    await writeAt(libraryRoot, 'broken/notes.jpg', Buffer.from('a text file named .jpg'.repeat(10)));
    await writeAt(libraryRoot, 'broken/empty.jpg', Buffer.alloc(0));
    stack = new Stack({
      portBase: 3960,
      env: {
        LIBRARY_ROOTS: path.join(workDir, 'libraries'),
        DERIVATIVES_DIR: path.join(workDir, 'derivatives'),
        API_KEYS: `admin:${ADMIN_KEY}`,
        // A backlog forms in the render queues (few messages in flight) and is sampled often enough to be seen.
        AMQP_PREFETCH: '2',
        QUEUE_SAMPLE_INTERVAL_MS: '1000',
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

  it('shows every service up, and empty charts before any work', async () => {
    await page.goto('/system');
    const strip = page.getByRole('list', { name: 'Service health' });
    for (const service of ['scan-worker', 'thumbnail-worker', 'cache-worker', 'job-tracker']) {
      await strip.getByRole('listitem', { name: new RegExp(`^${service}: up, idle`) }).waitFor();
    }
    await page.getByRole('figure', { name: 'Throughput chart' }).getByText('nothing in this window yet').waitFor();
    await screenshot(page, 'system-idle');
  });

  it('plots throughput gaining points and the render backlog rising and draining while a scan runs', async () => {
    const library = await api.ok<{ id: string }>('POST', '/libraries', { name: 'Archive', rootPath: libraryRoot });
    await page.getByTestId('stream-state').getByText('live').waitFor();
    await page.getByRole('button', { name: 'Last 10 minutes' }).click();
    await page.getByRole('heading', { name: 'Activity over the last 10 minutes' }).waitFor();

    const { jobId } = await api.ok<{ jobId: string }>('POST', `/libraries/${library.id}/scans`, { mode: 'full' });
    const whileRunning: Array<{ thumbnailPoints: number; backlog: number }> = [];
    await eventually('the scan to end', async () => {
      const job = await api.ok<JobView>('GET', `/jobs/${jobId}`);
      if (TERMINAL_JOB.includes(job.status)) return true;
      const [throughput, queued] = await Promise.all([chart(page, 'Throughput'), chart(page, 'Queued messages')]);
      whileRunning.push({ thumbnailPoints: throughput['thumbnails']?.points ?? 0, backlog: queued['thumbnail-worker']?.last ?? 0 });
      return false;
    }, 600_000, 500);

    // Gains points while it runs: later views of the running scan plot more points than earlier ones.
    const points = whileRunning.map((view) => view.thumbnailPoints);
    expect(points.some((count, index) => index > 0 && count > points[index - 1]! && points[index - 1]! > 0)).toBe(true);
    // The backlog was seen on the chart, and then drains to nothing.
    expect(Math.max(...whileRunning.map((view) => view.backlog))).toBeGreaterThan(0);
    await eventually('the thumbnail backlog to drain on the chart', async () => (await chart(page, 'Queued messages'))['thumbnail-worker']?.last === 0, 60_000, 500);
    await eventually('the cache backlog to drain on the chart', async () => (await chart(page, 'Queued messages'))['cache-worker']?.last === 0, 60_000, 500);

    const throughput = await eventually('the chart to include the last items', async () => {
      const current = await chart(page, 'Throughput');
      return (current['failed']?.points ?? 0) > 0 ? current : undefined;
    }, 60_000, 500);
    expect(throughput['files discovered']!.points).toBeGreaterThan(0);
    expect(throughput['cache images']!.points).toBeGreaterThan(0);
    expect((await chart(page, 'Consumers'))['thumbnail-worker']!.last).toBe(1);
    await screenshot(page, 'system-activity');
  });

  it('groups the bad files by reason after the scan', async () => {
    await page.getByRole('link', { name: 'Failures' }).click();
    const group = (reason: string) => page.getByRole('listitem', { name: `Failure group ${reason}` });
    await group('not a supported image (unrecognised format)').getByTestId('failure-count').getByText('1', { exact: true }).waitFor();
    await group('not a supported image (zero-byte file)').getByTestId('failure-count').getByText('1', { exact: true }).waitFor();
  });

  it('switches to the last day, and fits a 390 px wide phone', async () => {
    await page.goto('/system');
    await page.getByRole('button', { name: 'Last day' }).click();
    await page.getByRole('heading', { name: 'Activity over the last day' }).waitFor();
    await eventually('the day chart to show the scan', async () => ((await chart(page, 'Throughput'))['thumbnails']?.points ?? 0) > 0);

    const phone = await openDashboard(browser, stack.url('api-gateway'), ADMIN_KEY, PHONE);
    await phone.goto('/system');
    await phone.getByRole('figure', { name: 'Throughput chart' }).locator('canvas').waitFor();
    await screenshot(phone, 'phone-system-activity');
    expect(await overflowsHorizontally(phone)).toBe(false);
    await phone.context().close();
  });
});
