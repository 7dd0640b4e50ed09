import { LibraryStatus, type FileChange } from '@mediaflow/contracts';
import { describeError } from '@mediaflow/messaging';
import { rootProblem } from '@mediaflow/media';
import { WatchStatus } from '@mediaflow/persistence';
import { Logger } from '@nestjs/common';
import type { WatchJobsService } from '../jobs/watch-jobs.service';
import type { WatchHealth, WatchStatusWriter } from '../status/watch-status.writer';
import type { WatchClock } from '../time/watch-clock';
import type { FileWatchFactory } from './file-watch';
import { LibraryWatch, type LibraryWatchSettings, type LibraryWatchSink, type WatchedLibrary } from './library-watch';

/** A library as the supervisor reads it each round: what to watch and what its document shows. */
export interface LibrarySnapshot {
  library: WatchedLibrary;
  shown: WatchHealth;
  status: LibraryStatus;
  statusReason: string | null;
}

export interface HeldLibraryDeps {
  settings: LibraryWatchSettings;
  files: FileWatchFactory;
  clock: WatchClock;
  jobs: WatchJobsService;
  status: WatchStatusWriter;
}

/**
 * A library whose lease this replica holds. Its batches and status writes run one after another (so
 * batches leave in order) and own their errors: a failed batch is made good by a catch-up scan.
 */
export class HeldLibrary implements LibraryWatchSink {
  private readonly logger = new Logger(HeldLibrary.name);
  private watch: LibraryWatch | null = null;
  private watchedConfig = '';
  private shown: WatchHealth;
  readonly libraryId: string;
  /** Why a catch-up incremental scan is owed and not yet sent. */
  private catchUpOwed: string | null = 'watch lease taken';
  private work: Promise<void> = Promise.resolve();

  constructor(
    snapshot: LibrarySnapshot,
    readonly acquiredAt: number,
    private readonly deps: HeldLibraryDeps,
  ) {
    this.shown = snapshot.shown;
    this.libraryId = snapshot.library.id;
  }

  /** One round of upkeep: follow edits, notice a vanished or returned root, send an owed catch-up scan. */
  async keepUp(snapshot: LibrarySnapshot): Promise<void> {
    const { library } = snapshot;
    const config = JSON.stringify([library.rootPath, library.include, library.exclude]);
    if (this.watch && config !== this.watchedConfig) {
      await this.stopWatch();
      this.catchUpOwed = 'include, exclude or root changed';
    }
    const problem = await rootProblem(library.rootPath);
    if (problem) {
      await this.goOffline(snapshot, problem);
      return;
    }
    if (!this.watch) {
      if (snapshot.status === LibraryStatus.Offline) this.catchUpOwed ??= 'library root is back';
      this.watch = new LibraryWatch(library, this.deps.settings, this.deps.files, this.deps.clock, this);
      this.watchedConfig = config;
      this.watch.start();
    }
    await this.sendCatchUpScan(library);
  }

  /** Stops watching; waits for the batch or status write in flight. */
  async stop(health?: WatchHealth): Promise<void> {
    await this.stopWatch();
    if (health) this.enqueue(async () => (this.shown = await this.deps.status.setWatch(this.libraryId, this.shown, health)));
    await this.work;
  }

  batch(library: WatchedLibrary, changes: FileChange[]): void {
    this.enqueue(async () => {
      const problem = await rootProblem(library.rootPath);
      // A vanished root looks like every file removed; the next round marks the library offline instead.
      if (problem) return;
      try {
        const jobId = await this.deps.jobs.startWatchSync(library, changes);
        this.logger.log(`library "${library.name}": ${changes.length} changes sent as watch-sync job ${jobId}`);
      } catch (error) {
        this.catchUpOwed = 'a batch of changes could not be sent';
        throw error;
      }
    });
  }

  health(library: WatchedLibrary, status: WatchStatus, reason: string | null): void {
    this.enqueue(async () => {
      this.shown = await this.deps.status.setWatch(library.id, this.shown, { status, reason });
    });
  }

  /** Sent at the next round (within WATCH_RECONCILE_MS), or with the next round after a failed send. */
  missedChanges(_library: WatchedLibrary, why: string): void {
    this.catchUpOwed ??= why;
  }

  private async goOffline(snapshot: LibrarySnapshot, problem: string): Promise<void> {
    await this.stopWatch();
    await this.work;
    if (snapshot.status !== LibraryStatus.Offline || snapshot.statusReason !== problem || this.shown.reason !== problem) {
      this.logger.warn(`library "${snapshot.library.name}" offline: ${problem}`);
      await this.deps.status.markOffline(snapshot.library.id, problem);
      this.shown = { status: WatchStatus.Degraded, reason: problem };
    }
  }

  private async sendCatchUpScan(library: WatchedLibrary): Promise<void> {
    if (!this.catchUpOwed) return;
    const why = this.catchUpOwed;
    try {
      const jobId = await this.deps.jobs.startCatchUpScan(library, why);
      this.catchUpOwed = null;
      this.logger.log(`library "${library.name}": incremental scan ${jobId} requested (${why})`);
    } catch (error) {
      this.logger.warn(`library "${library.name}": catch-up scan not requested, retried next round: ${describeError(error)}`);
    }
  }

  private async stopWatch(): Promise<void> {
    const watch = this.watch;
    this.watch = null;
    await watch?.stop();
  }

  private enqueue(task: () => Promise<unknown>): void {
    this.work = this.work.then(task).then(
      () => undefined,
      (error: unknown) => this.logger.error(`library ${this.libraryId}: ${describeError(error)}`),
    );
  }
}
