import { Module } from '@nestjs/common';

/** The scan-worker's own handlers and use cases; the service kit adds broker, store, health and metrics. */
@Module({})
export class ScanWorkerModule {}
