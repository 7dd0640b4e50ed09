import { FileChangeKind, type FileChange } from '@mediaflow/contracts';
import { PathFilter } from '@mediaflow/media';
import { WatchStatus } from '@mediaflow/persistence';
import { Logger } from '@nestjs/common';
import { basename, relative, sep } from 'node:path';
import { ChangeCoalescer, type CoalescerOptions } from '../batching/change-coalescer';
import type { WatchClock } from '../time/watch-clock';
import type { FileWatchEventKind, FileWatchFactory, FileWatchHandle } from './file-watch';
import { describeWatchFailure } from './watch-failure';

export interface WatchedLibrary {
  id: string;
  name: string;
  rootPath: string;
  include: string[];
  exclude: string[];
}

export interface LibraryWatchSettings {
  batching: CoalescerOptions;
  stabilityMs: number;
  usePolling: boolean;
  pollingFallback: boolean;
  pollIntervalMs: number;
}

/** Where a library watch sends its batches and health; all own their errors (nothing is thrown back). */
export interface LibraryWatchSink {
  batch(library: WatchedLibrary, changes: FileChange[]): void;
  health(library: WatchedLibrary, status: WatchStatus, reason: string | null): void;
  /** Changes may have gone unseen (the watch was restarted): a catch-up scan is owed. */
  missedChanges(library: WatchedLibrary, why: string): void;
}

const EVENT_KINDS: Record<FileWatchEventKind, FileChangeKind> = {
  add: FileChangeKind.Added,
  change: FileChangeKind.Modified,
  unlink: FileChangeKind.Removed,
  unlinkDir: FileChangeKind.Removed,
};

/**
 * One library's live watch: the library's include/exclude rules and junk names decide what is seen,
 * changes are coalesced into batches, and errors degrade the watch (falling back to polling on inotify
 * limits when allowed) instead of ending it.
 */
export class LibraryWatch {
  private readonly logger = new Logger(LibraryWatch.name);
  private readonly filter: PathFilter;
  private readonly coalescer: ChangeCoalescer;
  private handle: FileWatchHandle | null = null;
  private polling: boolean;
  /** Why this library polls although inotify was asked for (ENOSPC/EMFILE); shown while it does. */
  private fallbackCause: string | null = null;
  /** Counts the watches started; errors of an earlier one are its failure, already handled. */
  private generation = 0;
  private stopped = false;

  constructor(
    readonly library: WatchedLibrary,
    private readonly settings: LibraryWatchSettings,
    private readonly files: FileWatchFactory,
    clock: WatchClock,
    private readonly sink: LibraryWatchSink,
  ) {
    this.filter = new PathFilter({ include: library.include, exclude: library.exclude });
    this.coalescer = new ChangeCoalescer(settings.batching, clock, (changes) => sink.batch(library, changes));
    this.polling = settings.usePolling;
  }

  start(): void {
    const generation = ++this.generation;
    this.handle = this.files.watch(
      this.library.rootPath,
      {
        usePolling: this.polling,
        pollIntervalMs: this.settings.pollIntervalMs,
        stabilityMs: this.settings.stabilityMs,
        ignored: (absolutePath, isFolder) => this.ignores(absolutePath, isFolder),
      },
      {
        onEvent: (kind, absolutePath) => this.onEvent(kind, absolutePath),
        onError: (error) => {
          if (generation === this.generation) this.onError(error);
        },
      },
    );
    if (this.fallbackCause) this.sink.health(this.library, WatchStatus.Degraded, this.fallbackReason());
    else this.sink.health(this.library, WatchStatus.Watching, this.polling ? this.pollingReason() : null);
  }

  /** Stops watching and drops the batch in progress: whoever watches next starts with an incremental scan. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.coalescer.discard();
    await this.closeHandle();
  }

  private onEvent(kind: FileWatchEventKind, absolutePath: string): void {
    const relativePath = toRelative(this.library.rootPath, absolutePath);
    if (relativePath === null || this.stopped) return;
    const name = basename(relativePath);
    const kept = kind === 'unlinkDir' ? this.filter.entersFolder(name, relativePath) : this.filter.keepsFile(name, relativePath);
    if (kept) this.coalescer.record(EVENT_KINDS[kind], relativePath);
  }

  private onError(error: Error): void {
    if (this.stopped) return;
    const failure = describeWatchFailure(error);
    this.logger.warn(`watch of library "${this.library.name}" degraded: ${failure.reason}`);
    if (failure.limits && this.settings.pollingFallback && !this.polling) {
      this.polling = true;
      this.fallbackCause = failure.reason;
      // The failing watch goes on reporting the same limit (once per folder it cannot watch) until closed.
      this.generation++;
      this.sink.health(this.library, WatchStatus.Degraded, this.fallbackReason());
      // The new watch reports nothing that already happened, and the failing one missed its folders.
      this.sink.missedChanges(this.library, 'watch restarted with polling');
      void this.restart();
      return;
    }
    this.sink.health(this.library, WatchStatus.Degraded, failure.reason);
  }

  /** Restarts on the polling fallback; a failure here leaves the library degraded, never the process down. */
  private async restart(): Promise<void> {
    try {
      await this.closeHandle();
      if (!this.stopped) this.start();
    } catch (error) {
      this.sink.health(this.library, WatchStatus.Degraded, `cannot restart the watch: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }

  private ignores(absolutePath: string, isFolder: boolean | undefined): boolean {
    const relativePath = toRelative(this.library.rootPath, absolutePath);
    if (relativePath === null) return false;
    const name = basename(relativePath);
    if (isFolder === true) return !this.filter.entersFolder(name, relativePath);
    if (isFolder === false) return !this.filter.keepsFile(name, relativePath);
    // Not known yet (chokidar asks before it stats): only what is ignored either way.
    return !this.filter.entersFolder(name, relativePath);
  }

  private pollingReason(): string {
    return `polling every ${this.settings.pollIntervalMs} ms`;
  }

  private fallbackReason(): string {
    return `${this.fallbackCause}; ${this.pollingReason()}`;
  }
}

/** '/'-separated path relative to the root; null for the root itself or anything outside it. */
function toRelative(rootPath: string, absolutePath: string): string | null {
  const path = relative(rootPath, absolutePath);
  if (path === '' || path.startsWith('..')) return null;
  return path.split(sep).join('/');
}
