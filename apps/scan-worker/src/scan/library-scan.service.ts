import { ItemOutcome, LibraryStatus, RoutingKey, StageName, type LibraryScanRequestedV1 } from '@mediaflow/contracts';
import { EventPublisher, PermanentMessageError } from '@mediaflow/messaging';
import { Library } from '@mediaflow/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { ScanWorkerEnv } from '../config/scan-worker.env';
import { ItemReportBatcher, folderItem } from '../reporting/item-report-batcher';
import { inWindows } from '../walk/folder-windows';
import { walkLibrary, type WalkedFolder } from '../walk/library-walker';
import { PathFilter, rootProblem } from '@mediaflow/media';
import { FolderSyncService } from './folder-sync.service';
import { FolderWindowStore } from './folder-window-store.service';
import { LibraryCountersService } from './library-counters.service';
import { MissingImagesService } from './missing-images.service';
import { judgeDeletion } from './outage-guard';
import { RenderDispatcherService } from './render-dispatcher.service';
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
    @InjectModel(Library.name) private readonly libraries: Model<Library>,
    @Inject(ScanWorkerEnv) private readonly env: ScanWorkerEnv,
    private readonly publisher: EventPublisher,
    private readonly folderStore: FolderWindowStore,
    private readonly folderSync: FolderSyncService,
    private readonly missing: MissingImagesService,
    private readonly renders: RenderDispatcherService,
    private readonly counters: LibraryCountersService,
  ) {}

  async scan(request: LibraryScanRequestedV1): Promise<void> {
    const library = await this.libraries.findById(request.libraryId).lean();
    if (!library) {
      const reason = `library ${request.libraryId} does not exist`;
      await this.fail(request.jobId, reason);
      throw new PermanentMessageError(reason);
    }
    const scan: ScanContext = {
      jobId: new Types.ObjectId(request.jobId),
      libraryId: library._id,
      mode: request.mode,
      rootPath: library.rootPath,
      children: new Map(),
      unreadableFolders: [],
    };

    const problem = await rootProblem(library.rootPath);
    if (problem) {
      await this.counters.setStatus(library._id, LibraryStatus.Offline, problem);
      await this.fail(request.jobId, problem);
      return;
    }

    const folders = await this.walk(scan, new PathFilter({ include: library.include, exclude: library.exclude }));
    const vanished = await this.missing.markVanishedCollections(scan);
    const moved = await this.missing.applyMoves(scan);
    const missing = await this.missing.countMissing(scan);
    const verdict = judgeDeletion(missing, await this.missing.countLiveBefore(scan), this.env.SCAN_MAX_DELETE_RATIO);
    if (!verdict.allowed) {
      await this.missing.clearMarks(scan);
      await this.counters.setStatus(library._id, LibraryStatus.NeedsAttention, verdict.reason);
      await this.fail(request.jobId, verdict.reason);
      return;
    }
    const now = new Date();
    const deleted = await this.missing.deleteMissing(scan, vanished, now);
    await this.counters.refresh(scan, now);
    const rendered = await this.renders.dispatch(scan);
    await this.publisher.publish(RoutingKey.JobStageTotal, { jobId: request.jobId, stage: StageName.Discover, total: folders });
    this.logger.log(
      `scanned ${library.name} (${request.mode}): ${folders} folders, ${moved} moved, ${deleted} deleted, ${rendered} to render, ${scan.children.size} child jobs`,
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

  private async fail(jobId: string, reason: string): Promise<void> {
    this.logger.warn(`scan job ${jobId} failed: ${reason}`);
    await this.publisher.publish(RoutingKey.JobFailed, { jobId, reason });
  }
}
