import { DerivativeKind } from '@mediaflow/contracts';
import { RenderWorkerModule } from '@mediaflow/media';
import { Module } from '@nestjs/common';
import { CacheWorkerEnv } from './config/cache-worker.env';

/** The cache-worker: the shared render worker for cache images; the service kit adds broker, store, health and metrics. */
@Module({
  imports: [
    RenderWorkerModule.forKindAsync({
      kind: DerivativeKind.Cache,
      inject: [CacheWorkerEnv],
      useFactory: (env: CacheWorkerEnv) => ({
        derivativesDir: env.DERIVATIVES_DIR,
        renderConcurrency: env.RENDER_CONCURRENCY,
        reportLingerMs: env.RENDER_REPORT_LINGER_MS,
        maxSize: env.CACHE_SIZE,
        quality: env.CACHE_QUALITY,
        maxInputPixels: env.MAX_INPUT_PIXELS,
        mediaToolTimeoutMs: env.MEDIA_TOOL_TIMEOUT_MS,
        mediaToolMemoryMb: env.MEDIA_TOOL_MEMORY_MB,
      }),
    }),
  ],
})
export class CacheWorkerModule {}
