import { readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PathFilter } from '@mediaflow/media';
import { forEachConcurrently } from './bounded-concurrency';

/**
 * A walked file. Its absolute path is not kept (`pathInLibrary` makes it when a file is read): a scan holds
 * the files of the folders it has walked ahead (SCAN_READ_AHEAD_WINDOWS), and the path string was half of
 * what each file kept alive, copied by every young-generation collection until it was promoted.
 */
export interface DiskFile {
  /** '/'-separated, relative to the library root. */
  relativePath: string;
  size: number;
  mtimeMs: number;
}

export interface WalkedFolder {
  /** '/'-separated, relative to the library root; '' is the root itself. */
  relativePath: string;
  /** The folder's supported files (not its subfolders'), sorted by path. */
  files: DiskFile[];
  /** Set when the folder could not be listed; then `files` is empty and nothing below it was walked. */
  unreadable?: string;
}

/** Parallel asynchronous stats once a walk has left synchronous stats (SCAN_STAT_CONCURRENCY). */
export const DEFAULT_STAT_CONCURRENCY = 32;

/** A stat slower than this was a round trip (a network share, a cold disk), not an answer from the inode cache. */
const SLOW_STAT_MS = 0.25;
/** Stats judged together: most of them slow means round trips. */
const STAT_SAMPLE = 32;

/**
 * Decides when synchronous stats have become round trips: once more than half of a sample of consecutive
 * stats were slow. A garbage collection or a busy CPU delays one stat in a sample, not half of them, so
 * they never switch a local walk to the thread pool (which happened under the earlier rule, a 25 ms budget
 * per folder: one pause in a 200-file folder made the rest of a local walk 3x as costly). `time` runs a
 * synchronous call and records it; once the calls are round trips, `isSynchronous` stays false and the
 * caller goes through the thread pool (FileStats for stats and listings, Fingerprints for reads).
 */
export class StatPace {
  private stats = 0;
  private slow = 0;
  private synchronous = true;

  constructor(
    private readonly slowStatMs = SLOW_STAT_MS,
    private readonly sampleSize = STAT_SAMPLE,
  ) {}

  get isSynchronous(): boolean {
    return this.synchronous;
  }

  /** Runs one synchronous call and records its duration (also when it throws). */
  time<T>(call: () => T): T {
    const startedAt = performance.now();
    try {
      return call();
    } finally {
      this.recordSince(startedAt);
    }
  }

  /**
   * Records a synchronous call that began at `startedAt` and ended now; returns now, the start of the next
   * call in a loop of them. One clock read per call and no closure: a walk makes 100,000 of them.
   */
  recordSince(startedAt: number): number {
    const now = performance.now();
    if (this.roundTrips(now - startedAt)) this.synchronous = false;
    return now;
  }

  /** Records one stat's duration; true once the stats are round trips. */
  roundTrips(durationMs: number): boolean {
    this.stats += 1;
    if (durationMs > this.slowStatMs) this.slow += 1;
    if (this.stats < this.sampleSize) return false;
    const mostlySlow = this.slow * 2 > this.stats;
    this.stats = 0;
    this.slow = 0;
    return mostlySlow;
  }
}

/**
 * How a walk stats files. Synchronously at first: on a local disk a stat answered from the inode cache
 * costs about 4 µs that way and 12-14 µs through a promise and the thread pool (measured on 100k files).
 * Once the stats are round trips (StatPace: a network share, a cold disk), the rest of the walk uses
 * `concurrency` parallel asynchronous stats, which keep the event loop free and overlap the round trips
 * (on a NAS each stat is one).
 */
export class FileStats {
  constructor(
    private readonly concurrency = DEFAULT_STAT_CONCURRENCY,
    private readonly pace = new StatPace(),
  ) {}

  get isSynchronous(): boolean {
    return this.pace.isSynchronous;
  }

  /**
   * A folder's entries, listed synchronously while stats are (paced like them): an asynchronous listing
   * left the event loop idle for a thread-pool round trip per folder, a third of an unchanged local
   * incremental scan (0.37 s of 1.35 s over 500 folders of 200 files).
   */
  async entries(absolutePath: string): Promise<Dirent[]> {
    if (!this.pace.isSynchronous) return readdir(absolutePath, { withFileTypes: true });
    return this.pace.time(() => readdirSync(absolutePath, { withFileTypes: true }));
  }

  /** The folder's regular files, in the given order; one deleted since it was listed is simply not there. */
  async of(rootPath: string, relativePaths: string[]): Promise<DiskFile[]> {
    const files: DiskFile[] = [];
    const prefix = pathPrefix(rootPath);
    let next = 0;
    // Each stat is timed from the end of the one before: the file's record is pushed in between, far below
    // what StatPace calls slow.
    for (let startedAt = performance.now(); next < relativePaths.length && this.pace.isSynchronous; next += 1) {
      const relativePath = relativePaths[next] as string;
      const absolutePath = prefix + relativePath;
      pushFile(files, relativePath, statQuietly(absolutePath));
      startedAt = this.pace.recordSince(startedAt);
    }
    const rest = relativePaths.slice(next).map((relativePath) => ({ relativePath, absolutePath: prefix + relativePath, stats: undefined as Stats | undefined }));
    await forEachConcurrently(rest, this.concurrency, async (entry) => {
      entry.stats = await stat(entry.absolutePath).catch(() => undefined);
    });
    for (const { relativePath, stats } of rest) pushFile(files, relativePath, stats);
    return files;
  }
}

/**
 * The root, resolved, with one trailing '/': prefixed to a walk's relative paths it gives what `join` would
 * (their segments are listing names, never '', '.' or '..'), without `join`'s normalising pass per file,
 * which cost 8 % of an unchanged local walk (100,000 files).
 */
function pathPrefix(rootPath: string): string {
  const root = resolve(rootPath);
  return root.endsWith('/') ? root : `${root}/`;
}

/** A walked file's absolute path: what `join(rootPath, relativePath)` gives for a path the walk made. */
export function pathInLibrary(rootPath: string, relativePath: string): string {
  return pathPrefix(rootPath) + relativePath;
}

/** Undefined for a file deleted since it was listed (without an exception for it) or one that cannot be stat'ed. */
function statQuietly(absolutePath: string): Stats | undefined {
  try {
    return statSync(absolutePath, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function pushFile(files: DiskFile[], relativePath: string, fileStats: Stats | undefined): void {
  if (fileStats?.isFile()) files.push({ relativePath, size: fileStats.size, mtimeMs: Math.trunc(fileStats.mtimeMs) });
}

/**
 * Streams a library folder by folder: each folder is listed with fs.opendir and only that folder's
 * entries are held in memory; folders still to visit wait on a stack of paths. Symlinks are never
 * followed, so a link to a parent folder cannot loop and nothing outside the root is indexed.
 */
export async function* walkLibrary(rootPath: string, filter: PathFilter, stats = new FileStats()): AsyncGenerator<WalkedFolder> {
  const pending: string[] = [''];
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    const listing = await listFolder(rootPath, folder, filter, stats);
    if ('unreadable' in listing) {
      yield { relativePath: folder, files: [], unreadable: listing.unreadable };
      continue;
    }
    // Reverse so the stack visits subfolders in name order.
    for (const sub of listing.subfolders.sort().reverse()) pending.push(sub);
    yield { relativePath: folder, files: await stats.of(rootPath, listing.fileNames.sort()) };
  }
}

/** One folder's own supported files, as the walk would yield it; `gone` when the folder does not exist. */
export async function readFolder(rootPath: string, folder: string, filter: PathFilter): Promise<WalkedFolder & { gone: boolean }> {
  const stats = new FileStats();
  const listing = await listFolder(rootPath, folder, filter, stats);
  if ('unreadable' in listing) return { relativePath: folder, files: [], unreadable: listing.unreadable, gone: listing.gone };
  return { relativePath: folder, files: await stats.of(rootPath, listing.fileNames.sort()), gone: false };
}

interface Listing {
  subfolders: string[];
  fileNames: string[];
}

async function listFolder(rootPath: string, folder: string, filter: PathFilter, stats: FileStats): Promise<Listing | { unreadable: string; gone: boolean }> {
  const listing: Listing = { subfolders: [], fileNames: [] };
  try {
    // One call per folder: the names are all kept anyway, and iterating a Dir costs an await per entry.
    // The folder's prefix is made once, so each path is one concatenation that shares it.
    const prefix = folder === '' ? '' : `${folder}/`;
    for (const entry of await stats.entries(join(rootPath, folder))) {
      const relativePath = prefix + entry.name;
      // An await per entry only where the listing did not say what the entry is (a promise each costs,
      // more so with the log context's async hooks on).
      const kind = kindFromListing(entry) ?? (await kindFromLstat(join(rootPath, relativePath)));
      if (kind === 'folder' && filter.entersFolder(entry.name, relativePath)) listing.subfolders.push(relativePath);
      if (kind === 'file' && filter.keepsFile(entry.name, relativePath)) listing.fileNames.push(relativePath);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { unreadable: error instanceof Error ? error.message : String(error), gone: code === 'ENOENT' || code === 'ENOTDIR' };
  }
  return listing;
}

type EntryKind = 'folder' | 'file' | 'other';

/** Undefined when the file system did not report the entry's type in the listing (DT_UNKNOWN). */
function kindFromListing(entry: Dirent): EntryKind | undefined {
  if (entry.isSymbolicLink()) return 'other';
  if (entry.isDirectory()) return 'folder';
  if (entry.isFile()) return 'file';
  if (entry.isBlockDevice() || entry.isCharacterDevice() || entry.isFIFO() || entry.isSocket()) return 'other';
  return undefined;
}

/** Asks without following links. */
async function kindFromLstat(absolutePath: string): Promise<EntryKind> {
  const stats = await lstat(absolutePath).catch(() => undefined);
  if (stats?.isDirectory()) return 'folder';
  return stats?.isFile() ? 'file' : 'other';
}
