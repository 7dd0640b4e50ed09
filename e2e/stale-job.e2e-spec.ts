import { eventually } from '@mediaflow/testing';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeLargeJpegs } from '../bench/support/large-jpegs';
import { ApiClient } from './support/api-client';
import { generateLibrary, type GeneratedLibrary } from './support/library-generator';
import { allRuns, stageOf, TERMINAL_STATUSES, type JobView, type ScheduleView } from './support/schedule-views';
import { Stack } from './support/stack';

const ADMIN_KEY = 'e2e-admin-key';
// Long enough that a loaded CI machine still discovers the small library before the job counts as stale.
const STALE_MS = 20_000;
/** How often stale-job-recovery runs (SCHEDULER_STALE_JOB_CRON: every second). */
const RECOVERY_PERIOD_MS = 1_000;

/** Camera-sized JPEGs, rendered one at a time, so the render workers are surely killed mid-way. */
const LARGE_IMAGES = 40;

/**
 * The render workers are SIGKILLed mid-way through a full scan's renders and never come back, with
 * the rest of the scan's render requests in their queues: nothing moves any more. stale-job-recovery
 * must end the job with a reason.
 */
describe('stale-job recovery, end to end', () => {
  let workDir: string;
  let library: GeneratedLibrary;
  let stack: Stack;
  let api: ApiClient;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'mf-e2e-stale-'));
    library = await generateLibrary(path.join(workDir, 'libraries', 'photos'), 2);
    await writeLargeJpegs(path.join(library.root, 'large'), LARGE_IMAGES);
    stack = new Stack({
      portBase: 3540,
      env: {
        LIBRARY_ROOTS: path.join(workDir, 'libraries'),
        DERIVATIVES_DIR: path.join(workDir, 'derivatives'),
        API_KEYS: `admin:${ADMIN_KEY}`,
        MESSAGE_RETRY_DELAYS_MS: '200,500',
        SCHEDULER_TICK_MS: '200',
        SCHEDULER_STALE_JOB_MS: String(STALE_MS),
        SCHEDULER_STALE_JOB_CRON: '* * * * * *',
        RENDER_CONCURRENCY: '1',
        AMQP_PREFETCH: '1',
      },
    });
    stack.start(['api-gateway', 'scheduler', 'scan-worker', 'job-tracker', 'thumbnail-worker', 'cache-worker']);
    await stack.waitUntilReady();
    api = new ApiClient(stack.url('api-gateway'), ADMIN_KEY);
  });

  afterAll(async () => {
    await stack.stop();
    await stack.cleanUp();
    await rm(workDir, { recursive: true, force: true });
  });

  it('fails a scan whose render workers were killed mid-way, with a reason, within the configured time', async () => {
    const libraryId = (await api.ok<{ id: string }>('POST', '/libraries', { name: 'Photos', rootPath: library.root })).id;
    const { jobId } = await api.ok<{ jobId: string }>('POST', `/libraries/${libraryId}/scans`, { mode: 'full' });
    const total = library.valid.length + library.bad.length + LARGE_IMAGES;

    // Killed on the worker's own output, not on job-tracker's view of it: under load that view lagged until the
    // workers had rendered everything. A second thumbnail on disk means the first one's report was published
    // (one request at a time, acked only once its report is out), so the stall below counts at least one.
    await eventually('the second thumbnail on disk', async () => (await renderedThumbnails(path.join(workDir, 'derivatives'))) >= 2, 120_000, 50);
    for (const worker of ['thumbnail-worker', 'cache-worker'] as const) {
      const service = stack.service(worker);
      service.process.kill('SIGKILL');
      expect(await service.exited).toBe('SIGKILL');
    }
    const killedAt = Date.now();

    const stalled = await eventually('the scan to have discovered everything, with the reports sent before the kill', async () => {
      const job = await api.ok<JobView>('GET', `/jobs/${jobId}`);
      const thumbnails = stageOf(job, 'thumbnail');
      return stageOf(job, 'discover').status === 'completed' && thumbnails.total === total && thumbnails.done >= 1 ? job : undefined;
    }, 120_000, 100);
    expect(stalled.status).toBe('running');
    const renderedBeforeTheKill = stageOf(stalled, 'thumbnail').done;
    expect(renderedBeforeTheKill).toBeGreaterThan(0);
    expect(renderedBeforeTheKill).toBeLessThan(total);

    const ended = await eventually('the scan to end', async () => {
      const job = await api.ok<JobView>('GET', `/jobs/${jobId}`);
      return TERMINAL_STATUSES.includes(job.status) ? job : undefined;
    }, 60_000, 200);

    expect(ended.status).toBe('failed');
    expect(ended.reason).toMatch(/^no progress for 20 seconds/);
    const thumbnails = stageOf(ended, 'thumbnail');
    expect(thumbnails.total).toBe(total);
    expect(thumbnails.done + thumbnails.failed).toBeLessThan(total);
    // Not before the threshold after the kill (the last render reported just before it; results still queued at the
    // tracker only push the end later), and within the threshold plus one recovery period (and some slack for the
    // messages) of the family's last recorded progress: render results are recorded on the collection jobs, and a
    // busy tracker stamps some after the kill.
    const finishedAt = Date.parse(ended.finishedAt ?? '');
    expect(finishedAt - killedAt).toBeGreaterThanOrEqual(STALE_MS - 2_000);
    const family = [ended, ...(await Promise.all(ended.children.items.map((child) => api.ok<JobView>('GET', `/jobs/${child.id}`))))];
    const lastProgress = Math.max(...family.map((job) => Date.parse(job.lastProgressAt ?? job.createdAt)));
    expect(finishedAt - lastProgress).toBeLessThan(STALE_MS + RECOVERY_PERIOD_MS + 10_000);

    // Its collection jobs end with it, and so does the cleanup that waited for it: nothing stays running.
    await eventually('every job of the library to end', async () => {
      const page = await api.ok<{ items: JobView[] }>('GET', `/jobs?libraryId=${libraryId}&limit=200`);
      return page.items.length > 1 && page.items.every((job) => TERMINAL_STATUSES.includes(job.status));
    }, 30_000, 200);
    const children = (await api.ok<JobView>('GET', `/jobs/${jobId}`)).children;
    expect(children.items.length).toBeGreaterThan(0);
    expect(children.items.every((child) => TERMINAL_STATUSES.includes(child.status))).toBe(true);

    const recovery = (await api.ok<{ items: ScheduleView[] }>('GET', '/schedules?limit=200')).items.find((schedule) => schedule.name === 'system:stale-job-recovery');
    const summaries = (await allRuns(api, recovery?.id ?? '')).map((run) => run.summary ?? '');
    expect(summaries.some((summary) => /^[1-9]\d* stale job\(s\) reported failed/.test(summary))).toBe(true);
  });
});

/** Thumbnails renamed into place under the derivative store (their temp files end in .tmp). */
async function renderedThumbnails(derivativesDir: string): Promise<number> {
  const entries = await readdir(path.join(derivativesDir, 'thumbnail'), { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile() && !entry.name.endsWith('.tmp')).length;
}
