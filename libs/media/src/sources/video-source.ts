import { metadataFromFfprobe, videoStreamOf, type FfprobeReport } from '../metadata/video-metadata';
import { RenderError } from '../render-error';
import { runTool, type ToolLimits } from './external-tool';
import type { DecodedSource } from './source-decoder';

/** The poster is taken this far into the clip (capped), past fade-ins and black first frames. */
const POSTER_FRACTION = 0.1;
const POSTER_MAX_SECONDS = 5;
const MAX_PROBE_BYTES = 4 * 1024 * 1024;
/** A PNG of an 8K frame is well under this; anything bigger is not a frame. */
const MAX_FRAME_BYTES = 256 * 1024 * 1024;
/**
 * Input options for both tools: only local files and only the containers we index. A playlist (HLS,
 * concat) named .mp4 would otherwise make ffmpeg open other files or fetch URLs it names.
 */
const SAFE_INPUT = ['-protocol_whitelist', 'file', '-format_whitelist', 'mov,matroska,avi,mpegts'];

/**
 * A video's poster frame and metadata, from the system's ffprobe and ffmpeg, each in its own process,
 * killed after `limits.timeoutMs` and confined to `limits.memoryBytes`. ffmpeg applies the stream's
 * rotation, so the frame is as displayed.
 */
export async function decodeVideoPoster(sourcePath: string, limits: ToolLimits, mimeType: string | null): Promise<DecodedSource> {
  const report = await probe(sourcePath, limits);
  if (!videoStreamOf(report)) throw new RenderError('not a video: no video stream');
  const metadata = metadataFromFfprobe(report, mimeType);
  const seconds = metadata.durationMs === null ? 0 : Math.min((metadata.durationMs / 1000) * POSTER_FRACTION, POSTER_MAX_SECONDS);
  let frame = await grabFrame(sourcePath, seconds, limits);
  // A duration in the header can lie (a cut-off recording): fall back to the first frame.
  if (frame.length === 0 && seconds > 0) frame = await grabFrame(sourcePath, 0, limits);
  if (frame.length === 0) throw new RenderError('not a playable video: ffmpeg decoded no frame');
  return { input: frame, orientation: 1, metadata, trusted: true, format: 'video' };
}

async function probe(sourcePath: string, limits: ToolLimits): Promise<FfprobeReport> {
  const output = await runTool('ffprobe', ['-v', 'error', ...SAFE_INPUT, '-print_format', 'json', '-show_format', '-show_streams', sourcePath], limits, MAX_PROBE_BYTES).catch(
    (error: unknown) => {
      throw notPlayable(error);
    },
  );
  try {
    return JSON.parse(output.toString('utf8')) as FfprobeReport;
  } catch {
    throw new RenderError('not a playable video: ffprobe gave no report');
  }
}

async function grabFrame(sourcePath: string, seconds: number, limits: ToolLimits): Promise<Buffer> {
  const args = ['-v', 'error', '-nostdin', '-ss', seconds.toFixed(3), ...SAFE_INPUT, '-i', sourcePath, '-frames:v', '1', '-an', '-sn', '-dn', '-f', 'image2pipe', '-c:v', 'png', '-compression_level', '1', 'pipe:1'];
  return runTool('ffmpeg', args, limits, MAX_FRAME_BYTES).catch((error: unknown) => {
    throw notPlayable(error);
  });
}

/** A tool that is missing keeps its own reason; a file the tool refused is "not a playable video". */
function notPlayable(error: unknown): unknown {
  if (!(error instanceof RenderError) || /not installed|took longer|killed/.test(error.message)) return error;
  return new RenderError(`not a playable video: ${error.message}`);
}
