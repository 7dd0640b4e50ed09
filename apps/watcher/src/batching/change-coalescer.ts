import { FileChangeKind, type FileChange } from '@mediaflow/contracts';
import type { TimerHandle, WatchClock } from '../time/watch-clock';

export interface CoalescerOptions {
  /** The batch closes once nothing arrived for this long. */
  quietMs: number;
  /** A batch holding a removal stays open at least this long after the first removal (moves). */
  removalHoldMs: number;
  /** The batch closes at the latest this long after its first change. */
  maxWaitMs: number;
  /** The batch closes as soon as it holds this many paths. */
  maxChanges: number;
}

interface PathState {
  /** The path held something before the batch began (its first event was a change or a removal). */
  existedBefore: boolean;
  existsNow: boolean;
}

/**
 * Debounces one library's file events into batches of net changes per path: added then removed within
 * a batch is nothing, many changes are one, removed then added is a modification. A batch is handed to
 * `emit` when quiet, when full, or when it has waited long enough; emit's errors are the caller's.
 */
export class ChangeCoalescer {
  private paths = new Map<string, PathState>();
  private firstAt = 0;
  private lastAt = 0;
  private firstRemovalAt: number | null = null;
  private timer: TimerHandle | null = null;

  constructor(
    private readonly options: CoalescerOptions,
    private readonly clock: WatchClock,
    private readonly emit: (changes: FileChange[]) => void,
  ) {}

  get pending(): number {
    return this.paths.size;
  }

  record(kind: FileChangeKind, relativePath: string): void {
    const now = this.clock.now();
    if (this.paths.size === 0) this.firstAt = now;
    this.lastAt = now;
    const state = this.paths.get(relativePath) ?? { existedBefore: kind !== FileChangeKind.Added, existsNow: true };
    state.existsNow = kind !== FileChangeKind.Removed;
    this.paths.set(relativePath, state);
    if (kind === FileChangeKind.Removed && this.firstRemovalAt === null) this.firstRemovalAt = now;
    if (this.paths.size >= this.options.maxChanges) this.flush();
    else this.arm();
  }

  /** Closes the batch now (also on stop); hands it to `emit` unless it nets out to nothing. */
  flush(): void {
    this.disarm();
    const changes = netChanges(this.paths);
    this.paths = new Map();
    this.firstRemovalAt = null;
    if (changes.length > 0) this.emit(changes);
  }

  /** Drops whatever is pending (the library is no longer ours to watch). */
  discard(): void {
    this.disarm();
    this.paths = new Map();
    this.firstRemovalAt = null;
  }

  private arm(): void {
    this.disarm();
    const { quietMs, removalHoldMs, maxWaitMs } = this.options;
    const held = this.firstRemovalAt === null ? 0 : this.firstRemovalAt + removalHoldMs;
    const due = Math.min(Math.max(this.lastAt + quietMs, held), this.firstAt + maxWaitMs);
    this.timer = this.clock.setTimeout(() => this.flush(), Math.max(0, due - this.clock.now()));
  }

  private disarm(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}

function netChanges(paths: ReadonlyMap<string, PathState>): FileChange[] {
  const changes: FileChange[] = [];
  for (const [relativePath, { existedBefore, existsNow }] of paths) {
    if (!existedBefore && !existsNow) continue;
    const kind = !existedBefore ? FileChangeKind.Added : existsNow ? FileChangeKind.Modified : FileChangeKind.Removed;
    changes.push({ kind, relativePath });
  }
  return changes;
}
