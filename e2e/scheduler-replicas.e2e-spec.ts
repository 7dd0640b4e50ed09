import { eventually } from '@mediaflow/testing';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiClient } from './support/api-client';
import { allRuns, type RunView, type ScheduleView } from './support/schedule-views';
import { Stack, type StackService } from './support/stack';

const ADMIN_KEY = 'e2e-admin-key';
const SECOND = 1_000;

/** How many runs each occurrence (ms since epoch) got. */
function runsPerOccurrence(runs: RunView[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const run of runs) counts.set(Date.parse(run.occurrenceAt), (counts.get(Date.parse(run.occurrenceAt)) ?? 0) + 1);
  return counts;
}

/**
 * Three scheduler processes on one exchange and database fire a per-second schedule; one of them is
 * SIGKILLed midway (no shutdown hooks, connections cut). Exactly-once rests on the unique run index
 * (schedule + occurrence), so no occurrence ever gets two runs, and the survivors keep firing.
 * A replica killed between its claim (nextRunAt moved on) and its run insert leaves the claimed
 * occurrence noted on the schedule; the next claim takes it along, so every second has exactly one run.
 */
describe('three scheduler replicas, one SIGKILLed, end to end', () => {
  let workDir: string;
  let stack: Stack;
  let api: ApiClient;
  let victim: StackService;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'mf-e2e-replicas-'));
    await mkdir(path.join(workDir, 'libraries'), { recursive: true });
    stack = new Stack({
      portBase: 3640,
      env: {
        LIBRARY_ROOTS: path.join(workDir, 'libraries'),
        DERIVATIVES_DIR: path.join(workDir, 'derivatives'),
        API_KEYS: `admin:${ADMIN_KEY}`,
        SCHEDULER_TICK_MS: '200',
        SCHEDULER_SYSTEM_SCHEDULES: 'false',
        SCHEDULER_CLAIM_TIMEOUT_MS: '3000',
      },
    });
    // api-gateway 3640, scheduler 3641, job-tracker 3646; the extra schedulers on 3660 and 3661.
    stack.start(['api-gateway', 'job-tracker', 'scheduler']);
    stack.startReplica('scheduler', 3660);
    victim = stack.startReplica('scheduler', 3661);
    await stack.waitUntilReady();
    api = new ApiClient(stack.url('api-gateway'), ADMIN_KEY);
  });

  afterAll(async () => {
    await stack?.stop();
    await stack?.cleanUp();
    await rm(workDir, { recursive: true, force: true });
  });

  it('records exactly one run per occurrence of a per-second schedule, and keeps firing after a replica is SIGKILLed', async () => {
    // retention of nothing (days: 3650) runs inside the scheduler and ends at once: one cheap run per second.
    const schedule = await api.ok<ScheduleView>('POST', '/schedules', {
      name: 'every second, three replicas',
      type: 'retention',
      params: { days: 3650 },
      cron: '* * * * * *',
      overlapPolicy: 'allow',
    });

    await eventually('10 runs', async () => (await allRuns(api, schedule.id)).length >= 10, 60_000, 250);
    victim.process.kill('SIGKILL');
    expect(await victim.exited).toBe('SIGKILL');
    const killedAt = Date.now();

    await eventually('20 runs in all', async () => (await allRuns(api, schedule.id)).length >= 20, 60_000, 250);
    expect(await api.ok<ScheduleView>('POST', `/schedules/${schedule.id}/pause`)).toMatchObject({ paused: true, nextRunAt: null });
    const pausedAt = Date.now();
    // A tick that read the schedule before the pause may still fire once; after that nothing more comes.
    let seen = -1;
    const runs = await eventually('no more runs after the pause', async () => {
      const current = await allRuns(api, schedule.id);
      const settled = Date.now() - pausedAt > 2 * SECOND && current.length === seen;
      seen = current.length;
      return settled ? current : undefined;
    }, 30_000, 1_000);

    // Never two runs for one occurrence, across the kill included.
    const counts = runsPerOccurrence(runs);
    expect([...counts.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    // The survivors were on time: nothing was late enough to be a misfire, every run fired and ended.
    expect(runs.filter((run) => run.decision !== 'fired')).toEqual([]);
    expect(runs.every((run) => run.trigger === 'cron')).toBe(true);
    // Every run ended, but the one the killed replica may have been in the middle of (it never records an end).
    const unfinished = runs.filter((run) => run.status !== 'completed');
    expect(unfinished.length).toBeLessThanOrEqual(1);
    for (const run of unfinished) expect(Math.abs(Date.parse(run.occurrenceAt) - killedAt)).toBeLessThanOrEqual(2 * SECOND);

    // Consecutive seconds from the first to the last, none missing, the second of the kill included.
    const occurrences = [...counts.keys()].sort((a, b) => a - b);
    const first = occurrences[0]!;
    const last = occurrences[occurrences.length - 1]!;
    expect(first % SECOND).toBe(0);
    const missing: string[] = [];
    for (let at = first; at <= last; at += SECOND) if (!counts.has(at)) missing.push(new Date(at).toISOString());
    expect(missing).toEqual([]);

    // Firing went on after the kill (about ten runs brought the total from 10 to 20).
    expect(occurrences.filter((at) => at > killedAt + SECOND).length).toBeGreaterThanOrEqual(5);
    expect(runs.length).toBeGreaterThanOrEqual(20);
    // Nothing fired for an occurrence after the pause took effect.
    expect(last).toBeLessThanOrEqual(pausedAt + SECOND);
  });
});
