import { Module } from '@nestjs/common';

/** The thumbnail-worker's own handlers and use cases; the service kit adds broker, store, health and metrics. */
@Module({})
export class ThumbnailWorkerModule {}
