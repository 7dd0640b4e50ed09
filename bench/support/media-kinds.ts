import { DerivativeKind } from '@mediaflow/contracts';
import { configureSharp, DEFAULT_RENDER_LIMITS, DEFAULT_TOOL_LIMITS, derivativeSpec, ExiftoolReader, renderDerivative, SourceDecoder } from '@mediaflow/media';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MediaFixtures } from '../../libs/media/src/testing/media-fixtures';
import { seconds } from './bench-output';

export const MEDIA_KINDS = ['heic', 'raw', 'video'] as const;
export type MediaKindName = (typeof MEDIA_KINDS)[number];

/**
 * `count` files of each kind, in a library of its own per kind: copies of one source each (HEVC encoding is
 * the slow part of making them, ~30 s for one 12 MP HEIC here), so the renders are alike. HEIC 3000x2000
 * (heif-enc), a RAW whose embedded preview is a 4000x3000 JPEG, a 10 s 1280x720 H.264 clip (ffmpeg testsrc2).
 */
export async function writeMediaKinds(workDir: string, count: number): Promise<Record<MediaKindName, { root: string; files: string[] }>> {
  const scratch = await mkdtemp(path.join(workDir, 'sources-'));
  const fixtures = new MediaFixtures(scratch);
  try {
    const sources: Record<MediaKindName, string> = {
      heic: await fixtures.heic('source.heic', 3000, 2000),
      raw: await fixtures.raw('source.cr2', { preview: { width: 4000, height: 3000 }, orientation: 6 }),
      video: await fixtures.video('source.mp4', { width: 1280, height: 720, seconds: 10 }),
    };
    const result = {} as Record<MediaKindName, { root: string; files: string[] }>;
    for (const kind of MEDIA_KINDS) {
      const root = path.join(workDir, 'libraries', kind);
      await mkdir(root, { recursive: true });
      const files: string[] = [];
      for (let n = 0; n < count; n += 1) {
        const file = `${kind}-${String(n).padStart(3, '0')}${path.extname(sources[kind])}`;
        await copyFile(sources[kind], path.join(root, file));
        files.push(file);
      }
      result[kind] = { root, files };
    }
    return result;
  } finally {
    await fixtures.end();
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Files per second of a bare loop of the same decoders (renderDerivative, both derivatives), at `concurrency`. */
export async function bareDecoderLoop(root: string, files: string[], outDir: string, concurrency: number): Promise<number> {
  configureSharp(concurrency);
  const decoder = new SourceDecoder(new ExiftoolReader({ maxProcs: concurrency, timeoutMs: DEFAULT_TOOL_LIMITS.timeoutMs }), DEFAULT_TOOL_LIMITS);
  const specs = [derivativeSpec(DerivativeKind.Thumbnail), derivativeSpec(DerivativeKind.Cache)];
  const tasks = files.flatMap((file, index) => specs.map((spec) => ({ file, spec, out: path.join(outDir, `${index}-${spec.kind}`) })));
  await mkdir(outDir, { recursive: true });
  try {
    const startedAt = performance.now();
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < tasks.length) {
        const task = tasks[next++]!;
        const rendered = await renderDerivative(path.join(root, task.file), task.spec, DEFAULT_RENDER_LIMITS, decoder);
        await writeFile(task.out, rendered.data);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    return files.length / seconds(startedAt);
  } finally {
    await decoder.end();
  }
}
