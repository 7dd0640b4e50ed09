import { ItemOutcome, LibraryStatus, RoutingKey, ScanMode, StageName, type LibraryScanRequestedV1 } from '@mediaflow/contracts';
import { EventPublisher } from '@mediaflow/messaging';
import { ThroughputRecorder } from '@mediaflow/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ScanWorkerEnv } from '../config/scan-worker.env';
import { DiscoveredFiles } from '../reporting/discovered-files';
import { ItemReportBatcher, folderItem } from '../reporting/item-report-batcher';
import { inWindows, readAhead } from '../walk/folder-windows';
import { FileStats, walkLibrary, type WalkedFolder } from '../walk/library-walker';
import type { PathFilter } from '@mediaflow/media';
import { forEachConcurrently } from '../walk/bounded-concurrency';
import { FolderSyncService } from './folder-sync.service';
import { FolderWindowStore, type StoredFolder, type SyncedListing } from './folder-window-store.service';
import { LibraryCountersService, type SyncedCollection } from './library-counters.service';
import { MissingImagesService } from './missing-images.service';
import { judgeDeletion, type DeletionVerdict } from './outage-guard';
import { PhaseTimer } from './phase-timer';
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
    private readonly throughput: ThroughputRecorder,
  ) {}

  async scan(request: LibraryScanRequestedV1): Promise<void> {
    const opened = await this.opener.open(request.jobId, request.libraryId, request.mode);
    if (!opened) return;
    const { scan, filter } = opened;
    scan.rendersAsFound = opened.imageCount === 0;

    const timer = new PhaseTimer();
    const walked = await timer.time('walk', () => this.walk(scan, filter, timer));
    const vanished = await timer.time('vanished folders', () => this.missing.markVanishedCollections(scan));
    // What the walk saw decides which library-wide steps have anything to do: on a store without
    // secondary indexes each of them reads every image of the library.
    const anyMissing = walked.missing > 0 || vanished.length > 0;
    const moved = anyMissing && walked.inserted > 0 ? await timer.time('moves', () => this.missing.applyMoves(scan)) : 0;
    if (anyMissing) {
      const verdict = await timer.time('outage guard', () => this.judgeDeletions(scan));
      if (!verdict.allowed) {
        await this.missing.clearMarks(scan);
        await this.counters.setStatus(scan.libraryId, LibraryStatus.NeedsAttention, verdict.reason);
        await this.opener.fail(request.jobId, verdict.reason);
        return;
      }
    }
    const now = new Date();
    const deleted = anyMissing ? await timer.time('deletions', () => this.missing.deleteMissing(scan, vanished, now)) : 0;
    // Every inserted or rewritten row is owed a render; render work left by an earlier delivery of this
    // job means that delivery changed rows too.
    const changed = anyMissing || walked.renderWork > 0 || walked.freshCollections > 0;
    await timer.time('counts', () => (changed || request.mode === ScanMode.Full ? this.counters.refresh(scan, now, walked.synced) : this.counters.markScanned(scan, now)));
    const rendered = await timer.time('render requests', () => this.renders.dispatch(scan, walked.renderWork));
    await timer.time('listings', () => this.folderStore.recordListings(scan, walked.listings));
    await this.publisher.publish(RoutingKey.JobStageTotal, { jobId: request.jobId, stage: StageName.Discover, total: walked.folders });
    this.logger.log(
      `scanned ${opened.name} (${request.mode}): ${walked.folders} folders (${walked.current} unchanged since the last scan), ` +
        `${moved} moved, ${deleted} deleted, ${rendered} to render, ${scan.children.size} child jobs; ${timer.toString()}`,
    );
  }

  private async judgeDeletions(scan: ScanContext): Promise<DeletionVerdict> {
    const missing = await this.missing.countMissing(scan);
    const liveBefore = missing > 0 ? await this.missing.countLiveBefore(scan) : 0;
    return judgeDeletion(missing, liveBefore, this.env.SCAN_MAX_DELETE_RATIO);
  }

  /**
   * Walks and syncs a window of SCAN_FOLDER_BATCH folders at a time (one store read for the window, one
   * sync and one discover item per folder, SCAN_SYNC_CONCURRENCY folders at once) and sums up what it
   * changed. A folder whose listing is current is reported without a sync.
   */
  private async walk(scan: ScanContext, filter: PathFilter, timer: PhaseTimer): Promise<WalkTally> {
    const discover = new ItemReportBatcher(this.publisher, scan.jobId.toHexString(), StageName.Discover);
    const discovered = new DiscoveredFiles(this.throughput);
    const tally: WalkTally = { folders: 0, current: 0, inserted: 0, missing: 0, renderWork: 0, freshCollections: 0, listings: [], synced: [] };
    // The walk runs windows ahead of the store work, so listing folders and waiting on the store overlap.
    const walk = walkLibrary(scan.rootPath, filter, new FileStats(this.env.SCAN_STAT_CONCURRENCY));
    const folders = readAhead(walk, this.env.SCAN_FOLDER_BATCH * this.env.SCAN_READ_AHEAD_WINDOWS);
    try {
      for await (const window of inWindows(folders, this.env.SCAN_FOLDER_BATCH)) {
        const withFiles: WalkedFolder[] = [];
        for (const folder of window) {
          if (folder.unreadable !== undefined) {
            scan.unreadableFolders.push(folder.relativePath);
            await discover.add(folderItem(folder.relativePath, ItemOutcome.Failed, folder.unreadable));
          } else if (folder.files.length > 0) {
            withFiles.push(folder);
          }
        }
        const stored = await timer.time('(walk: store reads)', () => this.folderStore.load(scan, withFiles));
        // Timed as one phase per window: the syncs overlap, so per-folder times would add up to more than the wall.
        await timer.time('(walk: folder syncs and render requests)', () =>
          forEachConcurrently(stored, this.env.SCAN_SYNC_CONCURRENCY, async (folder) => {
            if (folder.current) tally.current += 1;
            else await this.syncFolder(scan, folder, tally);
            await discover.add(folderItem(folder.folder.relativePath, ItemOutcome.Done));
          }),
        );
        await discovered.add(withFiles.reduce((sum, folder) => sum + folder.files.length, 0));
      }
    } finally {
      // A walk that fails part way still charts the files it went through (the chart's write never throws).
      await discovered.flush();
    }
    await discover.flush();
    tally.folders = discover.count;
    return tally;
  }

  /** Syncs one folder (and, in a first scan, sends its render requests), adding what it changed to the tally. */
  private async syncFolder(scan: ScanContext, stored: StoredFolder, tally: WalkTally): Promise<void> {
    const synced = await this.folderSync.sync(scan, stored);
    if (scan.rendersAsFound) await this.renders.dispatchFolder(scan, stored.collectionId, synced.owedRenders);
    tally.inserted += synced.inserted;
    tally.missing += synced.missing;
    tally.renderWork += synced.renderWork;
    if (stored.fresh) tally.freshCollections += 1;
    if (synced.settled) tally.listings.push({ collectionId: stored.collectionId, listing: stored.listing });
    tally.synced.push({ collectionId: stored.collectionId, liveImages: synced.liveImages, storedImageCount: stored.storedImageCount });
  }
}

/** What a walk did; `listings` and `synced` hold one entry per folder it synced (bounded by folders, not files). */
interface WalkTally {
  folders: number;
  current: number;
  inserted: number;
  missing: number;
  renderWork: number;
  freshCollections: number;
  listings: SyncedListing[];
  /** Each synced folder's live images, for the library's counts. */
  synced: SyncedCollection[];
}
