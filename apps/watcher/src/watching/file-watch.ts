/** A raw event of the file system watch, path absolute. */
export type FileWatchEventKind = 'add' | 'change' | 'unlink' | 'unlinkDir';

export interface FileWatchOptions {
  usePolling: boolean;
  pollIntervalMs: number;
  /** add/change are reported once the file's size held still this long. */
  stabilityMs: number;
  /** True for a path the watch must not descend into or report; `isFolder` when known. */
  ignored: (absolutePath: string, isFolder: boolean | undefined) => boolean;
}

export interface FileWatchListener {
  onEvent(kind: FileWatchEventKind, absolutePath: string): void;
  onError(error: Error): void;
}

export interface FileWatchHandle {
  close(): Promise<void>;
}

/** Watches a folder tree; chokidar in production, a fake in unit tests. */
export abstract class FileWatchFactory {
  abstract watch(rootPath: string, options: FileWatchOptions, listener: FileWatchListener): FileWatchHandle;
}
