import { eventually } from '@mediaflow/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiClient } from './support/api-client';
import { generateLibrary, type GeneratedLibrary } from './support/library-generator';
import { TERMINAL_JOB, type JobView } from './support/library-views';
import { Stack, type StackService } from './support/stack';

const PER_FORMAT = 40;
const ADMIN_KEY = 'e2e-admin-key';

/**
 * Two job-tracker processes count one full scan; one of them is SIGKILLed while the scan's reports
 * stream in (its unacked reports are redelivered to the other). Counting rests on the item ledger and on
 * the store's atomic updates (docs/architecture.md, "How jobs are counted"), on MongoDB and on the
 * local store alike: every stage's counts come out exact and the job ends.
 */
describe('two job-tracker replicas, one SIGKILLed mid-scan, end to end', () => {
  let workDir: string;
  let library: GeneratedLibrary;
  let stack: Stack;
  let api: ApiClient;
  let victim: StackService;

  const job = (jobId: string) => api.ok<JobView>('GET', `/jobs/${jobId}`);
  /** How many messages a replica has handled, from its /metrics. */
  const handledBy = async (replica: StackService): Promise<number> => {
    const metrics = await (await fetch(`http://127.0.0.1:${replica.port}/metrics`)).text();
    return metrics
      .split('\n')
      .filter((line) => line.startsWith('mediaflow_messages_handled_total'))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  };

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'mf-e2e-trackers-'));
    library = await generateLibrary(path.join(workDir, 'libraries', 'photos'), PER_FORMAT);
    stack = new Stack({
      portBase: 4400,
      env: {
        LIBRARY_ROOTS: path.join(workDir, 'libraries'),
        DERIVATIVES_DIR: path.join(workDir, 'derivatives'),
        API_KEYS: `admin:${ADMIN_KEY}`,
        MESSAGE_RETRY_DELAYS_MS: '200,500',
        SCHEDULER_SYSTEM_SCHEDULES: 'false',
      },
    });
    // The stack on 4400-4406 (job-tracker 4406); the second job-tracker on 4420.
    stack.start();
    victim = stack.startReplica('job-tracker', 4420);
    await stack.waitUntilReady();
    api = new ApiClient(stack.url('api-gateway'), ADMIN_KEY);
  });

  afterAll(async () => {
    await stack?.stop();
    await stack?.cleanUp();
    await rm(workDir, { recursive: true, force: true });
  });

  it('counts every item of a full scan exactly and ends the job', async () => {
    const libraryId = (await api.ok<{ id: string }>('POST', '/libraries', { name: 'Photos', rootPath: library.root })).id;
    const { jobId } = await api.ok<{ jobId: string }>('POST', `/libraries/${libraryId}/scans`, { mode: 'full' });

    // Mid-scan: renders are being counted, and the victim has taken its share of the reports.
    const midScan = await eventually('the first renders to be counted, some by the victim', async () => {
      const current = await job(jobId);
      const counted = current.stages.reduce((sum, stage) => sum + stage.done + stage.failed, 0);
      return counted >= 10 && (await handledBy(victim)) > 0 ? current : undefined;
    }, 300_000, 100);
    victim.process.kill('SIGKILL');
    expect(await victim.exited).toBe('SIGKILL');

    const ended = await eventually(`job ${jobId} to end`, async () => {
      const current = await job(jobId);
      return TERMINAL_JOB.includes(current.status) ? current : undefined;
    }, 600_000, 500);

    // The kill came while the job was still counting, not after.
    expect(TERMINAL_JOB).not.toContain(midScan.status);
    expect(ended.status).toBe('completed_with_errors');
    const files = library.valid.length + library.bad.length;
    for (const name of ['thumbnail', 'cache']) {
      expect(ended.stages.find((stage) => stage.name === name)).toMatchObject({
        status: 'completed_with_errors',
        total: files,
        done: library.valid.length,
        failed: library.bad.length,
        skipped: 0,
      });
    }
    // Nothing is counted twice: each stage's items add up to its total.
    for (const stage of ended.stages.filter((candidate) => candidate.total !== null)) {
      expect(stage.done + stage.failed + stage.skipped).toBe(stage.total);
    }
  });
});
