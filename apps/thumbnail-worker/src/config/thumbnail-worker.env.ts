import { validateEnv } from '@mediaflow/config';
import { RenderWorkerEnv } from '@mediaflow/media';
import { IsInt, Max, Min } from 'class-validator';

/** Environment of the thumbnail-worker service (see README, Configuration). */
export class ThumbnailWorkerEnv extends RenderWorkerEnv {
  /** Port of the HTTP server: /health and /metrics. */
  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT: number = 3004;

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
}

export function loadThumbnailWorkerEnv(env: NodeJS.ProcessEnv = process.env): ThumbnailWorkerEnv {
  return validateEnv(ThumbnailWorkerEnv, env);
}
