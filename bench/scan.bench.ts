// Discovery speed on a generated tree of 100k tiny files named as images, against `find` on the same tree.
//   scan.fullSec (until the discover stage completed), scan.filesPerSec, scan.peakRssMb (scan-worker VmHWM),
//   scan.findSec and scan.bareWalkSec (the scan-worker's own walk and listing digests over the tree, in this
//   process, no store), both on the fresh tree before the stack starts, with scan.bareWalkToFind;
//   scan.backlogAfterFullSec (job-tracker's queue draining after the full scan, before the rescans start).
//   Then scan.incrementalRounds (BENCH_SCAN_INCREMENTAL_ROUNDS, default 5) unchanged incremental rescans (from the
//   request to the job's finishedAt), each between two measurements of both baselines, the stack idle. Each
//   rescan is compared with the mean of the baselines measured around it, in the machine's phase and with the
//   tree's caches as the rescan met them (the walk took 0.49 s on the fresh tree and 0.61 s right before the
//   rescan in one run), and the figures are medians over the rounds (one rescan alone moved between 1.3 and 1.9 times its walk from run to run):
//   scan.incrementalSec, scan.incrementalToFind (target <= 3), scan.incrementalToBareWalk (target <= 1.5: how
//   much the whole rescan adds to the walk it cannot do without; with its Min and Max over the rounds),
//   scan.findAroundIncrementalSec and scan.bareWalkAroundIncrementalSec (the baselines they were compared with),
//   scan.incrementalScanWorker{,MainThread,HelperThreads}CpuSec (the event loop; V8's GC and compiler helpers
//   with libuv's pool). scan.incrementalToFirstFind and scan.incrementalToFirstBareWalk compare the median
//   rescan with the first baselines instead.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PathFilter } from '@mediaflow/media';
import { eventually } from '@mediaflow/testing';
import { walkLibrary } from '../apps/scan-worker/src/walk/library-walker';
import { listingDigest } from '../apps/scan-worker/src/walk/listing-digest';
import { ApiClient } from '../e2e/support/api-client';
import { Stack } from '../e2e/support/stack';
import { median, reportResult, round, seconds } from './support/bench-output';
import { waitForJob } from './support/job-waiter';

const FILES = Number(process.env.BENCH_SCAN_FILES ?? 100_000);
const PER_FOLDER = 200;
/** Unchanged rescans measured; the incremental figures are their medians (one scan moved 1.3-1.9x its walk from run to run). */
const INCREMENTAL_ROUNDS = Number(process.env.BENCH_SCAN_INCREMENTAL_ROUNDS ?? 5);
const KEY = 'bench-admin-key';

async function generateTree(root: string): Promise<void> {
  for (let folder = 0; folder * PER_FOLDER < FILES; folder += 1) {
    const dir = path.join(root, `year-${folder % 10}`, `album-${folder}`);
    await mkdir(dir, { recursive: true });
    const count = Math.min(PER_FOLDER, FILES - folder * PER_FOLDER);
    await Promise.all(Array.from({ length: count }, (_, n) => writeFile(path.join(dir, `IMG_${n}.jpg`), '')));
  }
}

function timeFind(root: string): number {
  const startedAt = performance.now();
  execFileSync('sh', ['-c', `find '${root}' -type f -printf '%s %T@\\n' >/dev/null`]);
  return seconds(startedAt);
}

/** The scan-worker's walk with its listing digests, as an unchanged incremental scan does it, alone (best of three). */
async function timeBareWalk(root: string): Promise<number> {
  let best = Infinity;
  for (let run = 0; run < 3; run += 1) {
    const startedAt = performance.now();
    let files = 0;
    for await (const folder of walkLibrary(root, new PathFilter({ include: [], exclude: [] }))) {
      listingDigest(folder.files);
      files += folder.files.length;
    }
    if (files !== FILES) throw new Error(`the bare walk found ${files} files, expected ${FILES}`);
    best = Math.min(best, seconds(startedAt));
  }
  return best;
}

async function peakRssMb(pid: number | undefined): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return round(kb / 1024, 1);
}

/** CPU seconds (user + system) a process or thread has used so far, from /proc (clock ticks of 10 ms). */
async function cpuSeconds(statPath: string): Promise<number> {
  const fields = (await readFile(statPath, 'utf8')).split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * CPU seconds of the process's main thread (the event loop) and of all its other threads together: V8's
 * helpers (concurrent marking and sweeping, compilers) and libuv's thread pool. All of them are named
 * "node", so the main thread (tid = pid) is the only one told apart.
 */
async function cpuByThread(pid: number): Promise<{ main: number; helpers: number }> {
  const tids = await readdir(`/proc/${pid}/task`);
  const perThread = await Promise.all(tids.map(async (tid) => ({ tid, cpu: await cpuSeconds(`/proc/${pid}/task/${tid}/stat`).catch(() => 0) })));
  const main = perThread.find(({ tid }) => tid === String(pid))?.cpu ?? 0;
  return { main, helpers: perThread.reduce((sum, { cpu }) => sum + cpu, 0) - main };
}

interface QueuesView {
  services: Array<{ service: string; messages: number | null }>;
}

/** Until the service's queue has been empty at three polls in a row (in-flight messages are not counted, hence three). */
async function waitForIdleQueue(api: ApiClient, service: string): Promise<void> {
  let emptyPolls = 0;
  await eventually(`${service} queue drained`, async () => {
    const { services } = await api.ok<QueuesView>('GET', '/system/queues');
    emptyPolls = services.find((candidate) => candidate.service === service)?.messages === 0 ? emptyPolls + 1 : 0;
    return emptyPolls >= 3 ? true : undefined;
  }, 3_600_000, 250);
}

interface Baselines {
  findSec: number;
  bareWalkSec: number;
}

interface IncrementalRound extends Baselines {
  incrementalSec: number;
  mainCpuSec: number;
  helperCpuSec: number;
}

async function timeBaselines(root: string): Promise<Baselines> {
  return { findSec: timeFind(root), bareWalkSec: await timeBareWalk(root) };
}

/** One unchanged incremental scan: from the request to the job's finishedAt, and the scan-worker's CPU over it. */
async function timeIncrementalScan(api: ApiClient, libraryId: string, scanWorkerPid: number): Promise<Omit<IncrementalRound, keyof Baselines>> {
  const cpuBefore = await cpuByThread(scanWorkerPid);
  const requestedAt = Date.now();
  const incremental = await api.ok<{ jobId: string }>('POST', `/libraries/${libraryId}/scans`, { mode: 'incremental' });
  // Measured up to the job's own finishedAt (same machine, same clock), not to the poll that saw it, so a
  // poll a second costs no accuracy; five job reads a second through the gateway and the store are not work
  // a nightly rescan meets.
  await waitForJob(api, incremental.jobId, { pollMs: 1_000 });
  const timeline = await api.ok<Record<string, unknown>>('GET', `/jobs/${incremental.jobId}`);
  process.stderr.write(`incremental job: created ${String(timeline['createdAt'])}, started ${String(timeline['startedAt'])}, finished ${String(timeline['finishedAt'])}\n`);
  // The scan-worker's own share of the machine over the scan (and up to a second idle after it).
  const cpuAfter = await cpuByThread(scanWorkerPid);
  return {
    incrementalSec: (Date.parse(String(timeline['finishedAt'])) - requestedAt) / 1000,
    mainCpuSec: cpuAfter.main - cpuBefore.main,
    helperCpuSec: cpuAfter.helpers - cpuBefore.helpers,
  };
}

async function main(): Promise<void> {
  const workDir = await mkdtemp(path.join(tmpdir(), 'mf-bench-scan-'));
  const root = path.join(workDir, 'libraries', 'big');
  await generateTree(root);
  const findSec = timeFind(root);
  const bareWalkSec = await timeBareWalk(root);
  // Render workers stay off: this measures discovery; render requests wait in their queues and are deleted after.
  const stack = new Stack({ portBase: 3140, env: { LIBRARY_ROOTS: path.join(workDir, 'libraries'), DERIVATIVES_DIR: path.join(workDir, 'derivatives'), API_KEYS: `admin:${KEY}`, LOG_LEVEL: 'info' } });
  stack.start(['api-gateway', 'scan-worker', 'job-tracker']);
  try {
    await stack.waitUntilReady();
    const api = new ApiClient(stack.url('api-gateway'), KEY);
    const { id } = await api.ok<{ id: string }>('POST', '/libraries', { name: 'big', rootPath: root });

    const startedAt = performance.now();
    const full = await api.ok<{ jobId: string }>('POST', `/libraries/${id}/scans`, { mode: 'full' });
    await waitForJob(api, full.jobId, { done: (job) => job.stages.find((stage) => stage.name === 'discover')?.status.startsWith('completed') ?? false });
    const fullSec = seconds(startedAt);

    // The full scan leaves job-tracker a backlog (500 child jobs' events); the incremental rescan is
    // measured on an idle stack, as a nightly rescan would meet it.
    const backlogStartedAt = performance.now();
    await waitForIdleQueue(api, 'job-tracker');
    const backlogSec = seconds(backlogStartedAt);
    const scanWorkerPid = stack.services.find((service) => service.name === 'scan-worker')?.process.pid;
    if (scanWorkerPid === undefined) throw new Error('scan-worker has no process id');
    // INCREMENTAL_ROUNDS unchanged rescans, each between two measurements of both baselines (the one after a
    // scan is the one before the next): the tree's caches and the machine as each scan met them.
    let before = await timeBaselines(root);
    const rounds: IncrementalRound[] = [];
    for (let round = 0; round < INCREMENTAL_ROUNDS; round += 1) {
      const scanned = await timeIncrementalScan(api, id, scanWorkerPid);
      const after = await timeBaselines(root);
      rounds.push({ ...scanned, findSec: (before.findSec + after.findSec) / 2, bareWalkSec: (before.bareWalkSec + after.bareWalkSec) / 2 });
      before = after;
    }
    const incrementalSec = median(rounds.map((round) => round.incrementalSec));
    const toBareWalk = rounds.map((round) => round.incrementalSec / round.bareWalkSec);

    // The scan-worker's summary lines say where each scan spent its time.
    const scanLog = await readFile(path.join('test-output', 'e2e', stack.exchange, 'scan-worker.log'), 'utf8');
    for (const line of scanLog.split('\n').filter((candidate) => candidate.includes('scanned big'))) {
      process.stderr.write(`${line}\n`);
    }
    reportResult({
      'scan.files': FILES,
      'scan.fullSec': round(fullSec),
      'scan.filesPerSec': Math.round(FILES / fullSec),
      'scan.findSec': round(findSec),
      'scan.bareWalkSec': round(bareWalkSec),
      'scan.bareWalkToFind': round(bareWalkSec / findSec),
      'scan.incrementalRounds': INCREMENTAL_ROUNDS,
      'scan.incrementalSec': round(incrementalSec),
      'scan.incrementalToFind': round(median(rounds.map((round) => round.incrementalSec / round.findSec))),
      'scan.incrementalToBareWalk': round(median(toBareWalk)),
      'scan.incrementalToBareWalkMin': round(Math.min(...toBareWalk)),
      'scan.incrementalToBareWalkMax': round(Math.max(...toBareWalk)),
      'scan.incrementalToFirstFind': round(incrementalSec / findSec),
      'scan.incrementalToFirstBareWalk': round(incrementalSec / bareWalkSec),
      'scan.findAroundIncrementalSec': round(median(rounds.map((round) => round.findSec))),
      'scan.bareWalkAroundIncrementalSec': round(median(rounds.map((round) => round.bareWalkSec))),
      'scan.incrementalScanWorkerCpuSec': round(median(rounds.map((round) => round.mainCpuSec + round.helperCpuSec))),
      'scan.incrementalScanWorkerMainThreadCpuSec': round(median(rounds.map((round) => round.mainCpuSec))),
      'scan.incrementalScanWorkerHelperThreadsCpuSec': round(median(rounds.map((round) => round.helperCpuSec))),
      'scan.backlogAfterFullSec': round(backlogSec),
      'scan.peakRssMb': await peakRssMb(scanWorkerPid),
    });
  } finally {
    await stack.stop();
    await stack.cleanUp();
    await rm(workDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`scan bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
