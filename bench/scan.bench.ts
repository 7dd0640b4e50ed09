// Discovery speed on a generated tree of 100k tiny files named as images, against `find` on the same tree.
//   scan.fullSec (until the discover stage completed), scan.incrementalSec (unchanged tree, from the request to the
//   job's finishedAt),
//   scan.findSec, scan.incrementalToFind (target <= 3), scan.filesPerSec, scan.peakRssMb (scan-worker VmHWM),
//   scan.backlogAfterFullSec (job-tracker's queue draining after the full scan, before the incremental starts),
//   scan.incrementalScanWorker{,MainThread,HelperThreads}CpuSec (the event loop; V8's GC and compiler helpers with libuv's pool),
//   scan.bareWalkSec (the scan-worker's own walk and listing digests over the tree, in this process, no store)
//   with scan.bareWalkToFind, and scan.incrementalToBareWalk: how much the whole incremental scan adds to the walk it cannot do without.
//   scan.findBeforeIncrementalSec, scan.bareWalkBeforeIncrementalSec: both baselines again right before the
//   incremental scan (after the full scan, the stack idle), to show whether the machine or the tree's caches
//   moved between the baselines and the scan they are compared with.
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
import { reportResult, round, seconds } from './support/bench-output';
import { waitForJob } from './support/job-waiter';

const FILES = Number(process.env.BENCH_SCAN_FILES ?? 100_000);
const PER_FOLDER = 200;
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
    // The baselines again, now: the tree's caches and the machine as the incremental scan meets them.
    const findNowSec = timeFind(root);
    const bareWalkNowSec = await timeBareWalk(root);

    const scanWorkerPid = stack.services.find((service) => service.name === 'scan-worker')?.process.pid;
    if (scanWorkerPid === undefined) throw new Error('scan-worker has no process id');
    const cpuBefore = await cpuByThread(scanWorkerPid);
    const requestedAt = Date.now();
    const incremental = await api.ok<{ jobId: string }>('POST', `/libraries/${id}/scans`, { mode: 'incremental' });
    // Measured up to the job's own finishedAt (same machine, same clock), not to the poll that saw it, so a
    // poll a second costs no accuracy; five job reads a second through the gateway and the store are not work
    // a nightly rescan meets.
    await waitForJob(api, incremental.jobId, { pollMs: 1_000 });
    const timeline = await api.ok<Record<string, unknown>>('GET', `/jobs/${incremental.jobId}`);
    process.stderr.write(`incremental job: created ${String(timeline['createdAt'])}, started ${String(timeline['startedAt'])}, finished ${String(timeline['finishedAt'])}\n`);
    const incrementalSec = (Date.parse(String(timeline['finishedAt'])) - requestedAt) / 1000;
    // The scan-worker's own share of the machine over the scan (and up to a second idle after it).
    const cpuAfter = await cpuByThread(scanWorkerPid);
    const mainCpuSec = cpuAfter.main - cpuBefore.main;
    const helperCpuSec = cpuAfter.helpers - cpuBefore.helpers;

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
      'scan.incrementalSec': round(incrementalSec),
      'scan.incrementalToFind': round(incrementalSec / findSec),
      'scan.bareWalkSec': round(bareWalkSec),
      'scan.bareWalkToFind': round(bareWalkSec / findSec),
      'scan.incrementalToBareWalk': round(incrementalSec / bareWalkSec),
      'scan.incrementalScanWorkerCpuSec': round(mainCpuSec + helperCpuSec),
      'scan.incrementalScanWorkerMainThreadCpuSec': round(mainCpuSec),
      'scan.incrementalScanWorkerHelperThreadsCpuSec': round(helperCpuSec),
      'scan.backlogAfterFullSec': round(backlogSec),
      'scan.findBeforeIncrementalSec': round(findNowSec),
      'scan.bareWalkBeforeIncrementalSec': round(bareWalkNowSec),
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
