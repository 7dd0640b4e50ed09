import { ServiceEnv, validateEnv } from '@mediaflow/config';
import { IsInt, IsNumber, IsString, Max, Min, MinLength } from 'class-validator';

/** Environment of the scan-worker service (see README, Configuration). */
export class ScanWorkerEnv extends ServiceEnv {
  /** Port of the HTTP server: /health and /metrics (and, on the gateway, the API). */
  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT: number = 3003;

  /** Root of the derivative store the render workers write; the cleanup job deletes orphans in it. */
  @IsString()
  @MinLength(1)
  DERIVATIVES_DIR: string = '.data/derivatives';

  /**
   * Largest share of a library's live images one scan may delete. Above it the scan deletes nothing
   * and the library needs attention: that many vanished files usually means a mount went away.
   */
  @IsNumber()
  @Min(0)
  @Max(1)
  SCAN_MAX_DELETE_RATIO: number = 0.5;

  /** Bytes read from each end of a file for its fingerprint (with its size). */
  @IsInt()
  @Min(1024)
  @Max(16 * 1024 * 1024)
  SCAN_FINGERPRINT_BYTES: number = 65536;

  /**
   * Folders whose collections and images a scan reads from the store in one go. Larger windows mean fewer
   * queries (each one round trip, and a full collection scan on a store that cannot use its indexes) but more images in memory.
   */
  @IsInt()
  @Min(1)
  @Max(1000)
  SCAN_FOLDER_BATCH: number = 32;

  /**
   * Windows of folders the walk lists ahead of the store work. The walk (sync stats on a local disk) and
   * the store round trips then overlap instead of taking turns; memory holds this many windows' listings.
   */
  @IsInt()
  @Min(1)
  @Max(64)
  SCAN_READ_AHEAD_WINDOWS: number = 4;

  /**
   * Folders of a window a scan syncs at once (fingerprints read, image rows written, render requests sent).
   * Overlaps one folder's file reads with another's store writes; each holds only its own folder's rows.
   */
  @IsInt()
  @Min(1)
  @Max(64)
  SCAN_SYNC_CONCURRENCY: number = 4;

  /**
   * Stats a walk keeps in flight once synchronous stats got slow (a network share: each stat a round
   * trip). Higher overlaps more round trips; the NAS and the thread pool (UV_THREADPOOL_SIZE) bound it.
   */
  @IsInt()
  @Min(1)
  @Max(1024)
  SCAN_STAT_CONCURRENCY: number = 32;
}

export function loadScanWorkerEnv(env: NodeJS.ProcessEnv = process.env): ScanWorkerEnv {
  return validateEnv(ScanWorkerEnv, env);
}
