import { ServiceEnv, validateEnv } from '@mediaflow/config';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { resolve } from 'node:path';

const toAbsolutePath = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && value.length > 0 ? resolve(value) : value);

/** Environment of the thumbnail-worker service (see README, Configuration). */
export class ThumbnailWorkerEnv extends ServiceEnv {
  /** Port of the HTTP server: /health and /metrics (and, on the gateway, the API). */
  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT: number = 3004;

  /** Root of the derivative store, shared with cache-worker and scan-worker; relative paths resolve against the working directory. */
  @Transform(toAbsolutePath)
  @IsString()
  @MinLength(1)
  DERIVATIVES_DIR: string = resolve('.data/derivatives');

  /** Images this process renders at once; the broker prefetch bounds only how many messages it holds. */
  @IsInt()
  @Min(1)
  @Max(64)
  RENDER_CONCURRENCY: number = 2;

  /** Thumbnails fit inside THUMBNAIL_SIZE x THUMBNAIL_SIZE pixels. */
  @IsInt()
  @Min(16)
  @Max(4096)
  THUMBNAIL_SIZE: number = 320;

  /** WebP quality, 1-100. */
  @IsInt()
  @Min(1)
  @Max(100)
  THUMBNAIL_QUALITY: number = 80;

  /** Sources with more pixels (width x height) are refused as possible decompression bombs. */
  @IsInt()
  @Min(1)
  MAX_INPUT_PIXELS: number = 100_000_000;
}

export function loadThumbnailWorkerEnv(env: NodeJS.ProcessEnv = process.env): ThumbnailWorkerEnv {
  return validateEnv(ThumbnailWorkerEnv, env);
}
