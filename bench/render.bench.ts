// Rendering throughput of the whole pipeline against bare sharp on the same images, same run.
//   render.pipelinePerSec  full scan -> both derivatives -> job completed, through the seven services
//   render.bareSharpPerSec the same two derivatives per image in a plain loop, same concurrency: the mean of one
//                          loop before the pipeline and one after it (render.bareSharpBeforePerSec,
//                          render.bareSharpAfterPerSec), so that the machine's drift over the run (10 % between
//                          two runs a few minutes apart here) counts on both sides of the ratio alike
//   render.ratio           pipeline / bare (target >= 0.85, issue #15)
//   render.<kind>.pipelinePerSec / .barePerSec / .ratio  the same for HEIC, camera RAW and video (BENCH_MEDIA_FILES
//                          files of each, a library per kind, same stack): the pipeline against a bare loop of the same
//                          decoder (libheif, exiftool's preview extraction, ffprobe + ffmpeg) in this run
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiClient } from '../e2e/support/api-client';
import { Stack } from '../e2e/support/stack';
import { reportResult, round } from './support/bench-output';
import { waitForJob } from './support/job-waiter';
import { writeLargeJpegs } from './support/large-jpegs';
import { bareDecoderLoop, MEDIA_KINDS, writeMediaKinds, type MediaKindName } from './support/media-kinds';

const IMAGES = Number(process.env.BENCH_RENDER_IMAGES ?? 500);
const MEDIA_FILES = Number(process.env.BENCH_MEDIA_FILES ?? 20);
const RENDER_CONCURRENCY = 2; // per render worker, as in the pipeline below (two workers)
const KEY = 'bench-admin-key';

/** The same two derivatives per image in a plain loop, at the pipeline's total concurrency (two workers). */
function bareSharp(root: string, files: string[], outDir: string): Promise<number> {
  return bareDecoderLoop(root, files, outDir, RENDER_CONCURRENCY * 2);
}

/** Files per second through the stack, for each library root in turn (one full scan each, same stack). */
async function pipeline(workDir: string, libraries: Array<{ root: string; count: number }>): Promise<number[]> {
  const stack = new Stack({
    portBase: 3160,
    env: {
      LIBRARY_ROOTS: path.join(workDir, 'libraries'),
      DERIVATIVES_DIR: path.join(workDir, 'derivatives'),
      API_KEYS: `admin:${KEY}`,
      RENDER_CONCURRENCY: String(RENDER_CONCURRENCY),
      LOG_LEVEL: 'warn',
    },
  });
  stack.start();
  try {
    await stack.waitUntilReady();
    const api = new ApiClient(stack.url('api-gateway'), KEY);
    const rates: number[] = [];
    for (const [index, { root, count }] of libraries.entries()) {
      const { id } = await api.ok<{ id: string }>('POST', '/libraries', { name: `bench-${index}`, rootPath: root });
      const requestedAt = Date.now();
      const { jobId } = await api.ok<{ jobId: string }>('POST', `/libraries/${id}/scans`, { mode: 'full' });
      // Polled once a second (5 polls a second cost the stack ~3 % of its CPU) and measured to the job's own
      // finishedAt (same machine, same clock), so a run of a few media files is not rounded up to the poll.
      const job = await waitForJob(api, jobId, { pollMs: 1_000 });
      if (job.status !== 'completed') throw new Error(`render bench job ended ${job.status}: ${JSON.stringify(job.stages)}`);
      rates.push(count / ((Date.parse(String(job.finishedAt)) - requestedAt) / 1000));
    }
    return rates;
  } finally {
    await stack.stop();
    await stack.cleanUp();
  }
}

async function main(): Promise<void> {
  const workDir = await mkdtemp(path.join(tmpdir(), 'mf-bench-render-'));
  try {
    const root = path.join(workDir, 'libraries', 'photos');
    const files = await writeLargeJpegs(root, IMAGES);
    const media = await writeMediaKinds(workDir, MEDIA_FILES);
    const bareSharpBeforePerSec = await bareSharp(root, files, path.join(workDir, 'bare-before'));
    const bare = {} as Record<MediaKindName, number>;
    for (const kind of MEDIA_KINDS) bare[kind] = await bareDecoderLoop(media[kind].root, media[kind].files, path.join(workDir, `bare-${kind}`), RENDER_CONCURRENCY * 2);
    const [pipelinePerSec, ...kindRates] = await pipeline(workDir, [{ root, count: IMAGES }, ...MEDIA_KINDS.map((kind) => ({ root: media[kind].root, count: MEDIA_FILES }))]);
    const bareSharpAfterPerSec = await bareSharp(root, files, path.join(workDir, 'bare-after'));
    const bareSharpPerSec = (bareSharpBeforePerSec + bareSharpAfterPerSec) / 2;
    reportResult({
      'render.images': IMAGES,
      'render.pipelinePerSec': round(pipelinePerSec!),
      'render.bareSharpPerSec': round(bareSharpPerSec),
      'render.bareSharpBeforePerSec': round(bareSharpBeforePerSec),
      'render.bareSharpAfterPerSec': round(bareSharpAfterPerSec),
      'render.ratio': round(pipelinePerSec! / bareSharpPerSec),
      'render.mediaFilesPerKind': MEDIA_FILES,
      ...Object.fromEntries(
        MEDIA_KINDS.flatMap((kind, index) => [
          [`render.${kind}.pipelinePerSec`, round(kindRates[index]!)],
          [`render.${kind}.barePerSec`, round(bare[kind])],
          [`render.${kind}.ratio`, round(kindRates[index]! / bare[kind])],
        ]),
      ),
    });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`render bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
