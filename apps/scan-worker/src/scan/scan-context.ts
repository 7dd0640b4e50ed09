import type { ScanMode } from '@mediaflow/contracts';
import type { Types } from 'mongoose';
import type { Fingerprints } from './fingerprinter';
import type { StoredCollection } from './folder-window-store.service';

/** Everything one scan run knows about itself; created per message, never held by a singleton. */
export interface ScanContext {
  jobId: Types.ObjectId;
  libraryId: Types.ObjectId;
  mode: ScanMode;
  rootPath: string;
  /** Full scans: child job id → render requests sent for it. Bounded by the number of collections. */
  children: Map<string, number>;
  /** Folders the walk could not list: their images are not counted as missing. */
  unreadableFolders: string[];
  /** When the run began: collections created since then (by a concurrent watch batch) are never taken for vanished. */
  startedAt: Date;
  /**
   * Ids of the collections a whole-library walk found (one entry per folder with supported files, not per
   * file): the library's other live collections have vanished. Held in memory rather than marked on each
   * collection, which cost one store write per folder per scan.
   */
  seenCollections: Set<string>;
  /**
   * A whole-library walk: the library's collections by folder path, read once at its first window
   * (FolderWindowStore). One entry per folder, not per file.
   */
  collectionsByPath?: Map<string, StoredCollection>;
  /** A watch batch, which sees only some folders (so it never decides that a folder vanished by not seeing it). */
  partial?: boolean;
  /**
   * The library held no images when the scan began, so nothing can go missing or move: render requests go
   * out as each folder is synced (rendering starts while the walk goes on) instead of after the walk.
   */
  rendersAsFound?: boolean;
  /** Render requests sent as found (incremental scans; full scans count them per child in `children`). */
  rendersSent?: number;
  /** How this run reads fingerprints: synchronously until the reads turn out slow (made at its first fingerprint). */
  fingerprints?: Fingerprints;
  /** A watch batch: the paths it may add, change or find missing (folder-differ `scopeDiff`). */
  inScope?: (relativePath: string) => boolean;
}

/** True when the folder lies at or below one the walk could not list. */
export function isUnderUnreadable(scan: ScanContext, relativePath: string): boolean {
  return scan.unreadableFolders.some((folder) => folder === '' || relativePath === folder || relativePath.startsWith(`${folder}/`));
}
