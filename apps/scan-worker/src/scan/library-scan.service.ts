import { ItemOutcome, LibraryStatus, RoutingKey, StageName, type LibraryScanRequestedV1 } from '@mediaflow/contracts';
import { EventPublisher } from '@mediaflow/messaging';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ScanWorkerEnv } from '../config/scan-worker.env';
import { ItemReportBatcher, folderItem } from '../reporting/item-report-batcher';
import { inWindows } from '../walk/folder-windows';
import { walkLibrary, type WalkedFolder } from '../walk/library-walker';
import type { PathFilter } from '@mediaflow/media';
import { FolderSyncService } from './folder-sync.service';
import { FolderWindowStore } from './folder-window-store.service';
import { LibraryCountersService } from './library-counters.service';
import { MissingImagesService } from './missing-images.service';
import { judgeDeletion } from './outage-guard';
import { RenderDispatcherService } from './render-dispatcher.service';
import { ScanOpener } from './scan-opener.service';
import type { ScanContext } from './scan-context';

/**
 * The scan use case (docs/pipeline.md, "Scan"): root check, streaming walk with a diff per folder,
 * moves, the mount-outage guard, deletions, counters, render requests and stage totals.
 * Safe to run again for the same job: every mark it leaves carries the job id.
 */
@Injectable()
export class LibraryScanService {
  private readonly logger = new Logger(LibraryScanService.name);

  constructor(
    private readonly opener: ScanOpener,
    @Inject(ScanWorkerEnv) private readonly env: ScanWorkerEnv,
    private readonly publisher: EventPublisher,
    private readonly folderStore: FolderWindowStore,
    private readonly folderSync: FolderSyncService,
    private readonly missing: MissingImagesService,
    private readonly renders: RenderDispatcherService,
    private readonly counters: LibraryCountersService,
  ) {}

  async scan(request: LibraryScanRequestedV1): Promise<void> {
    const opened = await this.opener.open(request.jobId, request.libraryId, request.mode);
    if (!opened) return;
    const { scan, filter } = opened;

    const folders = await this.walk(scan, filter);
    const vanished = await this.missing.markVanishedCollections(scan);
    const moved = await this.missing.applyMoves(scan);
    const missing = await this.missing.countMissing(scan);
    const verdict = judgeDeletion(missing, await this.missing.countLiveBefore(scan), this.env.SCAN_MAX_DELETE_RATIO);
    if (!verdict.allowed) {
      await this.missing.clearMarks(scan);
      await this.counters.setStatus(scan.libraryId, LibraryStatus.NeedsAttention, verdict.reason);
      await this.opener.fail(request.jobId, verdict.reason);
      return;
    }
    const now = new Date();
    const deleted = await this.missing.deleteMissing(scan, vanished, now);
    await this.counters.refresh(scan, now);
    const rendered = await this.renders.dispatch(scan);
    await this.publisher.publish(RoutingKey.JobStageTotal, { jobId: request.jobId, stage: StageName.Discover, total: folders });
    this.logger.log(
      `scanned ${opened.name} (${request.mode}): ${folders} folders, ${moved} moved, ${deleted} deleted, ${rendered} to render, ${scan.children.size} child jobs`,
    );
  }

  /**
   * Walks and syncs a window of SCAN_FOLDER_BATCH folders at a time (one store read for the window, one
   * sync and one discover item per folder); returns how many discover items it reported.
   */
  private async walk(scan: ScanContext, filter: PathFilter): Promise<number> {
    const discover = new ItemReportBatcher(this.publisher, scan.jobId.toHexString(), StageName.Discover);
    for await (const window of inWindows(walkLibrary(scan.rootPath, filter), this.env.SCAN_FOLDER_BATCH)) {
      const withFiles: WalkedFolder[] = [];
      for (const folder of window) {
        if (folder.unreadable !== undefined) {
          scan.unreadableFolders.push(folder.relativePath);
          await discover.add(folderItem(folder.relativePath, ItemOutcome.Failed, folder.unreadable));
        } else if (folder.files.length > 0) {
          withFiles.push(folder);
        }
      }
      for (const stored of await this.folderStore.load(scan, withFiles)) {
        await this.folderSync.sync(scan, stored);
        await discover.add(folderItem(stored.folder.relativePath, ItemOutcome.Done));
      }
    }
    await discover.flush();
    return discover.count;
  }

}
