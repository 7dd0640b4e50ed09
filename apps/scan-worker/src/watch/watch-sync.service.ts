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
import { DeferredCounters } from './deferred-counters';
import { LibraryLanes } from './library-lanes';

interface AppliedBatch {
  name: string;
  folders: number;
  moved: number;
  deleted: number;
  rendered: number;
  /** Settles once the batch's counters are written (maybe by a later batch of the library). */
  counted: Promise<void>;
}

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
  private readonly counters: DeferredCounters;

  constructor(
    private readonly opener: ScanOpener,
    @Inject(ScanWorkerEnv) private readonly env: ScanWorkerEnv,
    private readonly publisher: EventPublisher,
    private readonly folderStore: FolderWindowStore,
    private readonly folderSync: FolderSyncService,
    private readonly missing: MissingImagesService,
    private readonly renders: RenderDispatcherService,
    private readonly libraryCounters: LibraryCountersService,
  ) {
    this.counters = new DeferredCounters((libraryId, synced) => this.libraryCounters.refreshAfterBatch(libraryId, synced));
  }

  async apply(batch: LibraryFilesChangedV1): Promise<void> {
    const applied = await this.lanes.run(batch.libraryId, async () => {
      try {
        return await this.applyInLane(batch);
      } finally {
        // The last batch of a run of queued ones writes the counters they all left (DeferredCounters).
        if (this.lanes.queuedBehind(batch.libraryId) === 0) await this.counters.flush(batch.libraryId);
      }
    });
    if (!applied) return;
    await applied.counted;
    // Last: the job can complete only once its counters are written.
    await this.publisher.publish(RoutingKey.JobStageTotal, { jobId: batch.jobId, stage: StageName.Discover, total: applied.folders });
    this.logger.log(
      `watch batch of ${applied.name}: ${batch.changes.length} changes in ${applied.folders} folders, ${applied.moved} moved, ${applied.deleted} deleted, ${applied.rendered} to render`,
    );
  }

  private async applyInLane(batch: LibraryFilesChangedV1): Promise<AppliedBatch | undefined> {
    const opened = await this.opener.open(batch.jobId, batch.libraryId, ScanMode.Incremental, { partial: true, inScope: batchScope(batch.changes) });
    if (!opened) return undefined;
    const { scan, filter } = opened;
    const synced = await this.syncFolders(scan, filter, changedFolders(batch.changes));
    const removals = synced.missing > 0 || synced.vanished.length > 0;
    const settled = removals ? await this.settleRemovals(scan, synced.vanished) : { moved: 0, deleted: 0 };
    if (!settled) return undefined;
    // Renders first: a new file's thumbnail does not wait for the counters. Moves delete the rows staged
    // for the new paths, so only then is what is owed read back.
    const rendered = settled.moved > 0 ? await this.renders.dispatch(scan, synced.owedRenders.length) : await this.renders.dispatchOwed(scan, synced.owedRenders);
    const counted = this.counters.add(scan.libraryId, synced.collections);
    return { name: opened.name, folders: synced.folders, ...settled, rendered, counted };
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
      await this.libraryCounters.setStatus(scan.libraryId, LibraryStatus.NeedsAttention, verdict.reason);
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
