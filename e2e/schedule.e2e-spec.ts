import { eventually } from '@mediaflow/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiClient } from './support/api-client';
import { generateLibrary, type GeneratedLibrary } from './support/library-generator';
import { allRuns, stageOf, TERMINAL_STATUSES, type JobView, type RunView, type ScheduleView } from './support/schedule-views';
import { Stack } from './support/stack';

const ADMIN_KEY = 'e2e-admin-key';

describe('schedules, end to end', () => {
  let workDir: string;
  let library: GeneratedLibrary;
  let stack: Stack;
  let api: ApiClient;
  let scanSchedule: ScheduleView;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'mf-e2e-schedule-'));
    library = await generateLibrary(path.join(workDir, 'libraries', 'photos'), 2);
    stack = new Stack({
      portBase: 3520,
      env: {
        LIBRARY_ROOTS: path.join(workDir, 'libraries'),
        DERIVATIVES_DIR: path.join(workDir, 'derivatives'),
        API_KEYS: `admin:${ADMIN_KEY}`,
        MESSAGE_RETRY_DELAYS_MS: '200,500',
        SCHEDULER_TICK_MS: '200',
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

  it('fires a library scan on its cron, and its run shows how the scan job ended and how long it took', async () => {
    const libraryId = (await api.ok<{ id: string }>('POST', '/libraries', { name: 'Photos', rootPath: library.root })).id;
    scanSchedule = await api.ok<ScheduleView>('POST', '/schedules', {
      name: 'every second, full scan',
      type: 'library-scan',
      params: { libraryId, mode: 'full' },
      cron: '* * * * * *',
      overlapPolicy: 'skip',
    });

    const run = await eventually('the first fired run to record its outcome', async () => {
      const first = (await allRuns(api, scanSchedule.id)).find((candidate) => candidate.decision === 'fired');
      return first?.status ? first : undefined;
    }, 300_000, 250);

    expect(run.trigger).toBe('cron');
    expect(['completed', 'completed_with_errors']).toContain(run.status);
    expect(run.durationMs).toBeGreaterThan(0);
    expect(run.jobIds).toEqual([run.jobId]);
    const job = await api.ok<JobView>('GET', `/jobs/${run.jobId}`);
    expect(TERMINAL_STATUSES).toContain(job.status);
    expect(job).toMatchObject({ type: 'library-scan', libraryId, status: run.status });
    // The library holds bad files on purpose: the scan renders the rest and counts those as failures.
    expect(run.status).toBe('completed_with_errors');
    expect(stageOf(job, 'thumbnail')).toMatchObject({ total: library.valid.length + library.bad.length, done: library.valid.length });
  });

  it('fires nothing more once paused, while the scheduler keeps ticking', async () => {
    // A second per-second schedule shows the scheduler is still ticking (retention of nothing: cheap).
    const canary = await api.ok<ScheduleView>('POST', '/schedules', { name: 'canary', type: 'retention', params: { days: 3650 }, cron: '* * * * * *', overlapPolicy: 'allow' });
    const canaryRunsAfter = async (time: number): Promise<RunView[]> =>
      (await allRuns(api, canary.id)).filter((run) => Date.parse(run.occurrenceAt) > time);

    const paused = await api.ok<ScheduleView>('POST', `/schedules/${scanSchedule.id}/pause`);
    const pausedAt = Date.now();
    expect(paused).toMatchObject({ paused: true, nextRunAt: null });

    // A tick that fires an occurrence later than the pause started after it, so it saw the schedule paused;
    // ticks run one after another, so from then on nothing that read the schedule before the pause is left.
    await eventually('a tick that started after the pause', async () => (await canaryRunsAfter(pausedAt)).length > 0, 30_000, 200);
    const before = await allRuns(api, scanSchedule.id);
    const mark = Date.now();
    await eventually('three more ticks', async () => (await canaryRunsAfter(mark)).length >= 3, 30_000, 200);

    const after = await allRuns(api, scanSchedule.id);
    expect(after.map((run) => run.id)).toEqual(before.map((run) => run.id));
    expect(before.length).toBeGreaterThan(0);
  });
});
