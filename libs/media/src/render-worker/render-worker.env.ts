import { ServiceEnv, toAbsolutePath } from '@mediaflow/config';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { resolve } from 'node:path';

/** Settings both render workers share; each worker's env class adds its size and quality. */
export class RenderWorkerEnv extends ServiceEnv {
  /** Root of the derivative store, shared with the other render worker, scan-worker and the gateway. */
  @Transform(toAbsolutePath)
  @IsString()
  @MinLength(1)
  DERIVATIVES_DIR: string = resolve('.data/derivatives');

  /** Images this process renders at once; the broker prefetch bounds only how many messages it holds. */
  @IsInt()
  @Min(1)
  @Max(64)
  RENDER_CONCURRENCY: number = 2;

  /** Sources with more pixels (width x height) are refused as possible decompression bombs. */
  @IsInt()
  @Min(1)
  MAX_INPUT_PIXELS: number = 100_000_000;

  /**
   * Milliseconds one run of an external decoder (ffprobe, ffmpeg, heif-convert, exiftool) may take for one
   * file before it is killed and the file recorded as failed: a damaged video must not hold a worker.
   */
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  MEDIA_TOOL_TIMEOUT_MS: number = 60_000;

  /** Address space (MiB) one run of ffprobe, ffmpeg or heif-convert may map (`prlimit --as`); 0: no limit. */
  @IsInt()
  @Min(0)
  @Max(1_048_576)
  MEDIA_TOOL_MEMORY_MB: number = 2_048;

  /**
   * Milliseconds a finished item's report waits to go out in one message with more of its job's, while the
   * worker has other requests in progress (ReportBatcher): job-tracker then folds a batch instead of every
   * image. Job progress moves in steps of up to this long; 0 reports each item on its own.
   */
  @IsInt()
  @Min(0)
  @Max(10_000)
  RENDER_REPORT_LINGER_MS: number = 1_000;
}
