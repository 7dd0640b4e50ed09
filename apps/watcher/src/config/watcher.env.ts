import { InvalidConfigError, ServiceEnv, toBoolean, validateEnv } from '@mediaflow/config';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** Environment of the watcher service (see README, Configuration, and docs/watcher.md). */
export class WatcherEnv extends ServiceEnv {
  /** Port of the HTTP server: /health and /metrics (and, on the gateway, the API). */
  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT: number = 3002;

  /** Name of this replica in the leases; default `<hostname>-<pid>-<random>`. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_.:-]{1,100}$/, { message: 'WATCHER_REPLICA_ID must be 1-100 letters, digits, _ . : or -' })
  WATCHER_REPLICA_ID?: string;

  /** A library's lease (and a replica's presence) lapses this long after its last renewal. */
  @IsInt()
  @Min(1_000)
  WATCH_LEASE_TTL_MS: number = 15_000;

  /** How often leases are renewed and the libraries re-read; must be under a third of WATCH_LEASE_TTL_MS. */
  @IsInt()
  @Min(100)
  WATCH_RECONCILE_MS: number = 4_000;

  /** A file counts as written once its size has not changed for this long. */
  @IsInt()
  @Min(50)
  @Max(600_000)
  WATCH_STABILITY_MS: number = 2_000;

  /**
   * A batch goes out once no change arrived for this long. Short, because every add or change already
   * waited WATCH_STABILITY_MS before it arrives here: this only gathers what finished together (a copied
   * folder's files finish within a few ms of each other), and each ms of it is latency for every file.
   */
  @IsInt()
  @Min(10)
  @Max(60_000)
  WATCH_QUIET_MS: number = 100;

  /**
   * A batch holding a removal waits WATCH_STABILITY_MS plus this long after it, so the other half of a
   * move (whose add waits for write stability) lands in the same batch and the image keeps its derivatives.
   */
  @IsInt()
  @Min(0)
  @Max(600_000)
  WATCH_MOVE_GRACE_MS: number = 1_500;

  /** A batch goes out at the latest this long after its first change, however busy the folder is. */
  @IsInt()
  @Min(100)
  WATCH_MAX_BATCH_WAIT_MS: number = 15_000;

  /** A batch goes out as soon as it holds this many paths. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  WATCH_MAX_BATCH_CHANGES: number = 2_000;

  /** Poll every library instead of using inotify (network shares where inotify sees nothing). */
  @Transform(toBoolean)
  @IsBoolean()
  WATCH_USE_POLLING: boolean = false;

  /** On ENOSPC/EMFILE (inotify limits) fall back to polling that library instead of only reporting it. */
  @Transform(toBoolean)
  @IsBoolean()
  WATCH_POLLING_FALLBACK: boolean = true;

  /** Polling interval, when polling. */
  @IsInt()
  @Min(100)
  WATCH_POLL_INTERVAL_MS: number = 2_000;
}

export function loadWatcherEnv(env: NodeJS.ProcessEnv = process.env): WatcherEnv {
  const validated = validateEnv(WatcherEnv, env);
  if (validated.WATCH_RECONCILE_MS * 3 > validated.WATCH_LEASE_TTL_MS) {
    throw new InvalidConfigError(
      `WATCH_RECONCILE_MS (${validated.WATCH_RECONCILE_MS}) must be at most a third of WATCH_LEASE_TTL_MS (${validated.WATCH_LEASE_TTL_MS}), ` +
        'so a lease is renewed well before it lapses; lower the first or raise the second',
    );
  }
  return validated;
}
