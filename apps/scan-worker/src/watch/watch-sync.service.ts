import { ItemOutcome, LibraryStatus, RoutingKey, ScanMode, StageName, type LibraryFilesChangedV1 } from '@mediaflow/contracts';
import type { PathFilter } from '@mediaflow/media';
import { EventPublisher } from '@mediaflow/messaging';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Types } from 'mongoose';
import { ScanWorkerEnv } from '../config/scan-worker.env';
import { ItemReportBatcher, folderItem } from '../reporting/item-report-batcher';
import { FolderSyncService, type OwedRender } from '../scan/folder-sync.service';
import { FolderWindowStore } from '../scan/folder-window-store.service';
import { LibraryCountersService, type SyncedCollection } from '../scan/library-counters.service';
import { MissingImagesService } from '../scan/missing-images.service';
import { judgeDeletion } from '../scan/outage-guard';
import { RenderDispatcherService } from '../scan/render-dispatcher.service';
import { ScanOpener } from '../scan/scan-opener.service';
import type { ScanContext } from '../scan/scan-context';
import { inWindows } from '../walk/folder-windows';
import { readFolder, type WalkedFolder } from '../walk/library-walker';
import { batchScope, changedFolders, isFolderWalked } from './changed-folders';
import { LibraryLanes } from './library-lanes';

interface SyncedFolders {
  /** Discover items reported, one per folder. */
  folders: number;
  /** Collections whose folder has no supported file left. */
  vanished: Types.ObjectId[];
  /** Images of the synced folders marked missing. */
  missing: number;
  collections: SyncedCollection[];
  owedRenders: OwedRender[];
}

/**
 * Applies a watch batch (docs/watcher.md) as an incremental scan of just the folders it touches, with
 * the scan's own steps: each folder is listed again and synced (new folders become collections), moves
 * keep their image and derivatives, the outage guard, deletions with purge, counters, render requests
 * on the watch-sync job, stage totals. Listing the folder, not trusting the event, makes it idempotent;
 * only the batch's own paths are applied, the folder's other files wait for their own batch.
 * Kept cheap for the common small batch: the library-wide steps (moves, guard, deletions) run only when
 * the batch removed something, and counters and render requests come from what the sync wrote.
 */
@Injectable()
export class WatchSyncService {
  private readonly logger = new Logger(WatchSyncService.name);
  private readonly lanes = new LibraryLanes();

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

  async apply(batch: LibraryFilesChangedV1): Promise<void> {
    await this.lanes.run(batch.libraryId, () => this.applyInLane(batch));
  }

  private async applyInLane(batch: LibraryFilesChangedV1): Promise<void> {
    const opened = await this.opener.open(batch.jobId, batch.libraryId, ScanMode.Incremental, { partial: true, inScope: batchScope(batch.changes) });
    if (!opened) return;
    const { scan, filter } = opened;
    const synced = await this.syncFolders(scan, filter, changedFolders(batch.changes));
    const removals = synced.missing > 0 || synced.vanished.length > 0;
    const settled = removals ? await this.settleRemovals(scan, synced.vanished) : { moved: 0, deleted: 0 };
    if (!settled) return;
    await this.counters.refreshAfterBatch(scan.libraryId, synced.collections);
    // Moves delete the rows staged for the new paths, so only then is what is owed read back.
    const rendered = settled.moved > 0 ? await this.renders.dispatch(scan, synced.owedRenders.length) : await this.renders.dispatchOwed(scan, synced.owedRenders);
    await this.publisher.publish(RoutingKey.JobStageTotal, { jobId: batch.jobId, stage: StageName.Discover, total: synced.folders });
    this.logger.log(
      `watch batch of ${opened.name}: ${batch.changes.length} changes in ${synced.folders} folders, ${settled.moved} moved, ${settled.deleted} deleted, ${rendered} to render`,
    );
  }

  /**
   * Only for a batch that removed something (an add-only batch has nothing to match, guard or purge):
   * moves, the outage guard, soft deletion with purge. Undefined when the guard refused the deletions.
   */
  private async settleRemovals(scan: ScanContext, vanished: Types.ObjectId[]): Promise<{ moved: number; deleted: number } | undefined> {
    const moved = await this.missing.applyMoves(scan);
    const missing = await this.missing.countMissing(scan);
    const verdict = judgeDeletion(missing, missing === 0 ? 0 : await this.missing.countLiveBefore(scan), this.env.SCAN_MAX_DELETE_RATIO);
    if (!verdict.allowed) {
      await this.missing.clearMarks(scan);
      await this.counters.setStatus(scan.libraryId, LibraryStatus.NeedsAttention, verdict.reason);
      await this.opener.fail(scan.jobId.toHexString(), verdict.reason);
      return undefined;
    }
    const deleted = missing === 0 && vanished.length === 0 ? 0 : await this.missing.deleteMissing(scan, vanished, new Date());
    return { moved, deleted };
  }

  /** Lists and syncs the touched folders, reading the store a window of folders at a time; one discover item per folder. */
  private async syncFolders(scan: ScanContext, filter: PathFilter, folders: string[]): Promise<SyncedFolders> {
    const discover = new ItemReportBatcher(this.publisher, scan.jobId.toHexString(), StageName.Discover);
    const synced: SyncedFolders = { folders: 0, vanished: [], missing: 0, collections: [], owedRenders: [] };
    for await (const window of inWindows(this.listFolders(scan, filter, folders), this.env.SCAN_FOLDER_BATCH)) {
      const withFiles: WalkedFolder[] = [];
      for (const listing of window) {
        const folder = listing.relativePath;
        if (listing.unreadable !== undefined && !listing.gone) {
          scan.unreadableFolders.push(folder);
          await discover.add(folderItem(folder, ItemOutcome.Failed, listing.unreadable));
        } else if (listing.files.length > 0) {
          withFiles.push(listing);
        } else {
          synced.vanished.push(...(await this.missing.markFolderVanished(scan, folder, listing.gone)));
          await discover.add(folderItem(folder, ItemOutcome.Done));
        }
      }
      for (const stored of await this.folderStore.load(scan, withFiles)) {
        const result = await this.folderSync.sync(scan, stored);
        synced.missing += result.missing;
        synced.collections.push({ collectionId: result.collectionId, liveImages: result.liveImages });
        synced.owedRenders.push(...result.owedRenders);
        await discover.add(folderItem(stored.folder.relativePath, ItemOutcome.Done));
      }
    }
    await discover.flush();
    synced.folders = discover.count;
    return synced;
  }

  /** Each touched folder listed again, one at a time; a folder the filter does not walk counts as emptied. */
  private async *listFolders(scan: ScanContext, filter: PathFilter, folders: string[]): AsyncGenerator<WalkedFolder & { gone: boolean }> {
    for (const folder of folders) {
      yield isFolderWalked(filter, folder) ? await readFolder(scan.rootPath, folder, filter) : { relativePath: folder, files: [], gone: false };
    }
  }

}
