import { Module } from '@nestjs/common';
import { WatcherEnv } from './config/watcher.env';
import { LibraryChangedHandler } from './handlers/library-changed.handler';
import { WatchJobsService } from './jobs/watch-jobs.service';
import { ReplicaIdentity } from './leases/replica-identity';
import { WatchStatusWriter } from './status/watch-status.writer';
import { WatchClock } from './time/watch-clock';
import { ChokidarFileWatchFactory } from './watching/chokidar-file-watch';
import { FileWatchFactory } from './watching/file-watch';
import { WatchSupervisor } from './watching/watch-supervisor';

/** The watcher's own handlers and use cases; the service kit adds broker, store, health and metrics. */
@Module({
  controllers: [LibraryChangedHandler],
  providers: [
    WatchClock,
    { provide: ReplicaIdentity, useFactory: (env: WatcherEnv) => new ReplicaIdentity(env), inject: [WatcherEnv] },
    { provide: FileWatchFactory, useClass: ChokidarFileWatchFactory },
    WatchJobsService,
    WatchStatusWriter,
    WatchSupervisor,
  ],
})
export class WatcherModule {}
