import { Module } from '@nestjs/common';
import { DerivativesCleanupService } from './cleanup/derivatives-cleanup.service';
import { DerivativesCleanupRequestedHandler } from './handlers/derivatives-cleanup-requested.handler';
import { LibraryChangedHandler } from './handlers/library-changed.handler';
import { LibraryFilesChangedHandler } from './handlers/library-files-changed.handler';
import { LibraryScanRequestedHandler } from './handlers/library-scan-requested.handler';
import { LibraryDeletionService } from './library/library-deletion.service';
import { ChildJobsService } from './scan/child-jobs.service';
import { DerivativeReadinessService } from './scan/derivative-readiness.service';
import { FolderSyncService } from './scan/folder-sync.service';
import { FolderWindowStore } from './scan/folder-window-store.service';
import { LibraryCountersService } from './scan/library-counters.service';
import { LibraryScanService } from './scan/library-scan.service';
import { MissingImagesService } from './scan/missing-images.service';
import { RenderDispatcherService } from './scan/render-dispatcher.service';
import { ScanOpener } from './scan/scan-opener.service';
import { WatchSyncService } from './watch/watch-sync.service';

/** The scan-worker's own handlers and use cases; the service kit adds broker, store, health and metrics. */
@Module({
  controllers: [LibraryScanRequestedHandler, LibraryFilesChangedHandler, LibraryChangedHandler, DerivativesCleanupRequestedHandler],
  providers: [
    LibraryScanService,
    ScanOpener,
    FolderSyncService,
    FolderWindowStore,
    DerivativeReadinessService,
    ChildJobsService,
    MissingImagesService,
    RenderDispatcherService,
    LibraryCountersService,
    LibraryDeletionService,
    DerivativesCleanupService,
    WatchSyncService,
  ],
})
export class ScanWorkerModule {}
