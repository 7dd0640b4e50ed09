import { describeError } from '@mediaflow/messaging';
import { LeaseRepository, Library, WatchStatus } from '@mediaflow/persistence';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { WatcherEnv } from '../config/watcher.env';
import { WatchJobsService } from '../jobs/watch-jobs.service';
import { fairShare } from '../leases/fair-share';
import { PRESENCE_PREFIX, ReplicaIdentity, libraryLeaseKey } from '../leases/replica-identity';
import { WatchStatusWriter } from '../status/watch-status.writer';
import { WatchClock } from '../time/watch-clock';
import { FileWatchFactory } from './file-watch';
import { HeldLibrary, type HeldLibraryDeps, type LibrarySnapshot } from './held-library';

type LibraryRow = Pick<Library, 'name' | 'rootPath' | 'include' | 'exclude' | 'watch' | 'watchStatus' | 'watchReason' | 'status' | 'statusReason'> & {
  _id: Types.ObjectId;
};

/**
 * The watcher's loop. Every WATCH_RECONCILE_MS (and at once on library.changed) it renews this
 * replica's presence and leases, re-reads the libraries (the source of truth, so nothing rests on a
 * single message), follows their edits, gives back leases above its fair share and takes free ones
 * below it. Errors of a round are logged; the next round tries again.
 */
@Injectable()
export class WatchSupervisor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WatchSupervisor.name);
  private readonly held = new Map<string, HeldLibrary>();
  private readonly deps: HeldLibraryDeps;
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private wakeAgain = false;

  constructor(
    @InjectModel(Library.name) private readonly libraries: Model<Library>,
    @Inject(WatcherEnv) private readonly env: WatcherEnv,
    private readonly leases: LeaseRepository,
    private readonly replica: ReplicaIdentity,
    private readonly status: WatchStatusWriter,
    jobs: WatchJobsService,
    files: FileWatchFactory,
    private readonly clock: WatchClock,
  ) {
    this.deps = {
      files,
      clock,
      jobs,
      status,
      settings: {
        batching: {
          quietMs: env.WATCH_QUIET_MS,
          removalHoldMs: env.WATCH_STABILITY_MS + env.WATCH_MOVE_GRACE_MS,
          maxWaitMs: env.WATCH_MAX_BATCH_WAIT_MS,
          maxChanges: env.WATCH_MAX_BATCH_CHANGES,
        },
        stabilityMs: env.WATCH_STABILITY_MS,
        usePolling: env.WATCH_USE_POLLING,
        pollingFallback: env.WATCH_POLLING_FALLBACK,
        pollIntervalMs: env.WATCH_POLL_INTERVAL_MS,
      },
    };
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.logger.log(`watcher replica ${this.replica.id} starting`);
    this.runRound();
  }

  /** Runs before the broker and store connections close, so leases can be given back. */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.inFlight;
    for (const held of [...this.held.values()]) await this.letGo(held, { release: true });
    await this.guarded('leave', () => this.leases.release(this.presenceKey, this.replica.id));
  }

  /** A library changed: reconcile now rather than at the next interval. */
  wake(): void {
    if (!this.running) return;
    if (this.inFlight) {
      this.wakeAgain = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.runRound();
  }

  /** One reconciliation. Public so tests can drive it. */
  async round(): Promise<void> {
    const ttl = this.env.WATCH_LEASE_TTL_MS;
    await this.leases.acquire(this.presenceKey, this.replica.id, ttl, this.now());
    // Leases first, each with a fresh "now": they are cheap, and a slow round must not let them lapse.
    for (const held of [...this.held.values()]) {
      if (await this.keepLease(held.libraryId)) continue;
      this.logger.warn(`lease of library ${held.libraryId} lost; another replica watches it now`);
      await this.letGo(held, { release: false });
    }
    const rows = await this.libraries
      .find({}, { name: 1, rootPath: 1, include: 1, exclude: 1, watch: 1, watchStatus: 1, watchReason: 1, status: 1, statusReason: 1 })
      .sort({ _id: 1 })
      .lean<LibraryRow[]>();
    const watched = new Map(rows.filter((row) => row.watch).map((row) => [row._id.toHexString(), snapshotOf(row)]));
    const share = fairShare(watched.size, await this.leases.countLive(PRESENCE_PREFIX, this.now()));

    for (const held of [...this.held.values()]) {
      const snapshot = watched.get(held.libraryId);
      if (snapshot) {
        await this.guarded(snapshot.library.name, () => held.keepUp(snapshot));
        continue;
      }
      const stillThere = rows.some((row) => row._id.toHexString() === held.libraryId);
      await this.letGo(held, { release: true, health: stillThere ? { status: WatchStatus.Off, reason: null } : undefined });
    }

    const newestFirst = [...this.held.values()].sort((a, b) => b.acquiredAt - a.acquiredAt);
    for (const held of newestFirst.slice(0, Math.max(0, this.held.size - share))) await this.letGo(held, { release: true });

    for (const [libraryId, snapshot] of watched) {
      if (this.held.size >= share) break;
      if (!this.held.has(libraryId) && (await this.take(libraryId))) {
        const held = new HeldLibrary(snapshot, this.clock.now(), this.deps);
        this.held.set(libraryId, held);
        this.logger.log(`watching library "${snapshot.library.name}" (lease taken by ${this.replica.id})`);
        await this.guarded(snapshot.library.name, () => held.keepUp(snapshot));
      }
    }

    for (const row of rows) {
      if (!row.watch && row.watchStatus !== WatchStatus.Off) {
        await this.guarded(row.name, () => this.status.setWatch(row._id.toHexString(), { status: row.watchStatus, reason: row.watchReason }, { status: WatchStatus.Off, reason: null }));
      }
    }
  }

  private get presenceKey(): string {
    return `${PRESENCE_PREFIX}${this.replica.id}`;
  }

  /** Renews a held lease; one that lapsed (a stalled round) is taken again unless someone else took it. */
  private async keepLease(libraryId: string): Promise<boolean> {
    return (await this.leases.renew(libraryLeaseKey(libraryId), this.replica.id, this.env.WATCH_LEASE_TTL_MS, this.now())) || this.take(libraryId);
  }

  /**
   * On FerretDB two racers may both be told yes (LeaseRepository); reading the holder back after the
   * write settles most of those races at once, and the loser's next renewal settles the rest.
   */
  private async take(libraryId: string): Promise<boolean> {
    const key = libraryLeaseKey(libraryId);
    if (!(await this.leases.acquire(key, this.replica.id, this.env.WATCH_LEASE_TTL_MS, this.now()))) return false;
    return (await this.leases.holderOf(key, this.now())) === this.replica.id;
  }

  private now(): Date {
    return new Date(this.clock.now());
  }

  private async letGo(held: HeldLibrary, options: { release: boolean; health?: { status: WatchStatus; reason: string | null } }): Promise<void> {
    this.held.delete(held.libraryId);
    await this.guarded(held.libraryId, () => held.stop(options.health));
    if (options.release) await this.guarded(held.libraryId, () => this.leases.release(libraryLeaseKey(held.libraryId), this.replica.id));
  }

  private runRound(): void {
    this.inFlight = this.guarded('round', () => this.round()).then(() => {
      this.inFlight = null;
      if (!this.running) return;
      const again = this.wakeAgain;
      this.wakeAgain = false;
      this.timer = setTimeout(() => this.runRound(), again ? 0 : this.env.WATCH_RECONCILE_MS);
    });
  }

  private async guarded(what: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.error(`watcher (${what}): ${describeError(error)}`);
    }
  }
}

function snapshotOf(row: LibraryRow): LibrarySnapshot {
  return {
    library: { id: row._id.toHexString(), name: row.name, rootPath: row.rootPath, include: [...row.include], exclude: [...row.exclude] },
    shown: { status: row.watchStatus, reason: row.watchReason },
    status: row.status,
    statusReason: row.statusReason,
  };
}
