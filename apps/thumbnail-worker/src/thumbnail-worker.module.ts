import { DerivativeKind } from '@mediaflow/contracts';
import { RenderWorkerModule } from '@mediaflow/media';
import { Module } from '@nestjs/common';
import { ThumbnailWorkerEnv } from './config/thumbnail-worker.env';

/** The thumbnail-worker: the shared render worker for thumbnails; the service kit adds broker, store, health and metrics. */
@Module({
  imports: [
    RenderWorkerModule.forKindAsync({
      kind: DerivativeKind.Thumbnail,
      inject: [ThumbnailWorkerEnv],
      useFactory: (env: ThumbnailWorkerEnv) => ({
        derivativesDir: env.DERIVATIVES_DIR,
        renderConcurrency: env.RENDER_CONCURRENCY,
        reportLingerMs: env.RENDER_REPORT_LINGER_MS,
        maxSize: env.THUMBNAIL_SIZE,
        quality: env.THUMBNAIL_QUALITY,
        maxInputPixels: env.MAX_INPUT_PIXELS,
        mediaToolTimeoutMs: env.MEDIA_TOOL_TIMEOUT_MS,
        mediaToolMemoryMb: env.MEDIA_TOOL_MEMORY_MB,
      }),
    }),
  ],
})
export class ThumbnailWorkerModule {}
