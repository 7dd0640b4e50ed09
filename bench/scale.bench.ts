// Horizontal scaling of the render workers on real work: the same library rendered by one, then two,
// replicas each of thumbnail-worker and cache-worker (fresh database and derivative store each time).
//   scale.replicas1PerSec / scale.replicas2PerSec  images per second, full scan to job completed
//   scale.ratio                                    replicas2 / replicas1
//   scale.renderedTwice                            (stage, image) pairs rendered more than once, both runs (must be 0)
//   scale.replicas2MinShare                        smallest share of one stage's renders one replica did (0.5 = even)
// Images are 2000x1500 (3 MP), not camera-sized, so both runs fit in a few minutes on 2 cores. On the local
// SQLite-backed FerretDB the store, not rendering, sets the pace: measure with the PostgreSQL backend (README).
// Figures and what they mean on 2 cores: docs/operations.md (Scale).
import { RoutingKey } from '@mediaflow/contracts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiClient } from '../e2e/support/api-client';
import { Stack, type ServiceName } from '../e2e/support/stack';
import { reportResult, round, seconds } from './support/bench-output';
import { waitForJob } from './support/job-waiter';
import { writeLargeJpegs } from './support/large-jpegs';
import { ackedBy, RenderLedger } from './support/render-ledger';

const IMAGES = Number(process.env.BENCH_SCALE_IMAGES ?? 500);
const IMAGE_SIZE = { width: 2000, height: 1500 };
// One render at a time per replica: a replica is a unit of capacity, like a pod with one CPU.
const RENDER_CONCURRENCY = 1;
const PORT_BASE = 3900; // this section's ports: 3900-3908 and 3920-3928
const KEY = 'bench-admin-key';
const RENDER_KEYS: Partial<Record<ServiceName, RoutingKey>> = {
  'thumbnail-worker': RoutingKey.ThumbnailRequested,
  'cache-worker': RoutingKey.CacheRequested,
};

interface RunResult {
  perSec: number;
  renderedTwice: number;
  /** The smallest share of its stage's renders that one replica did. */
  minShare: number;
}

async function renderWith(replicas: 1 | 2, workDir: string, root: string): Promise<RunResult> {
  const portBase = PORT_BASE + (replicas - 1) * 20;
  const stack = new Stack({
    portBase,
    env: {
      LIBRARY_ROOTS: path.join(workDir, 'libraries'),
      // Its own store: a file already rendered by the other run would be recorded, not rendered again.
      DERIVATIVES_DIR: path.join(workDir, `derivatives-${replicas}`),
      API_KEYS: `admin:${KEY}`,
      RENDER_CONCURRENCY: String(RENDER_CONCURRENCY),
      LOG_LEVEL: 'warn',
    },
  });
  stack.start();
  if (replicas === 2) {
    stack.startReplica('thumbnail-worker', portBase + 7);
    stack.startReplica('cache-worker', portBase + 8);
  }
  try {
    await stack.waitUntilReady();
    const ledger = await RenderLedger.attach(stack.exchange);
    try {
      const api = new ApiClient(stack.url('api-gateway'), KEY);
      const { id } = await api.ok<{ id: string }>('POST', '/libraries', { name: `scale-${replicas}`, rootPath: root });
      const startedAt = performance.now();
      const { jobId } = await api.ok<{ jobId: string }>('POST', `/libraries/${id}/scans`, { mode: 'full' });
      const job = await waitForJob(api, jobId);
      const perSec = IMAGES / seconds(startedAt);
      if (job.status !== 'completed') throw new Error(`scale bench job ended ${job.status}: ${JSON.stringify(job.stages)}`);
      return { perSec, renderedTwice: ledger.renderedTwice(IMAGES), minShare: await smallestShare(stack) };
    } finally {
      await ledger.close();
    }
  } finally {
    await stack.stop();
    await stack.cleanUp();
  }
}

/** Per render worker process, its share of its stage's renders (acked render requests, from /metrics). */
async function smallestShare(stack: Stack): Promise<number> {
  let smallest = 1;
  for (const [name, routingKey] of Object.entries(RENDER_KEYS) as Array<[ServiceName, RoutingKey]>) {
    const processes = stack.services.filter((service) => service.name === name);
    const acked = await Promise.all(processes.map((service) => ackedBy(service, routingKey)));
    const total = acked.reduce((sum, count) => sum + count, 0);
    process.stderr.write(`[scale] ${name}: ${processes.map((service, n) => `${service.label} ${acked[n]}`).join(', ')}\n`);
    smallest = Math.min(smallest, ...acked.map((count) => (total > 0 ? count / total : 0)));
  }
  return smallest;
}

async function main(): Promise<void> {
  const workDir = await mkdtemp(path.join(tmpdir(), 'mf-bench-scale-'));
  try {
    const root = path.join(workDir, 'libraries', 'photos');
    await writeLargeJpegs(root, IMAGES, 100, IMAGE_SIZE);
    const one = await renderWith(1, workDir, root);
    const two = await renderWith(2, workDir, root);
    reportResult({
      'scale.images': IMAGES,
      'scale.replicas1PerSec': round(one.perSec),
      'scale.replicas2PerSec': round(two.perSec),
      'scale.ratio': round(two.perSec / one.perSec),
      'scale.renderedTwice': one.renderedTwice + two.renderedTwice,
      'scale.replicas2MinShare': round(two.minShare),
    });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`scale bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
