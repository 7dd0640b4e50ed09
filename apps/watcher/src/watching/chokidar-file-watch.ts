import { Injectable } from '@nestjs/common';
import { watch } from 'chokidar';
import { FileWatchFactory, type FileWatchHandle, type FileWatchListener, type FileWatchOptions } from './file-watch';

const STABILITY_POLL_MS = 100;

/**
 * chokidar 4 (5 is ESM-only, which our CommonJS build cannot load). No initial scan events: the
 * incremental scan requested on taking the lease covers what exists. Write stability is chokidar's
 * awaitWriteFinish: an add or change is reported once the size held still for `stabilityMs`.
 * patches/chokidar+4.0.3.patch makes chokidar watch a new folder before it reads it; unpatched, a file
 * written into a new folder between the two was never reported (chokidar-file-watch.int-spec.ts).
 */
@Injectable()
export class ChokidarFileWatchFactory extends FileWatchFactory {
  watch(rootPath: string, options: FileWatchOptions, listener: FileWatchListener): FileWatchHandle {
    const watcher = watch(rootPath, {
      ignoreInitial: true,
      followSymlinks: false,
      usePolling: options.usePolling,
      interval: options.pollIntervalMs,
      binaryInterval: options.pollIntervalMs,
      awaitWriteFinish: { stabilityThreshold: options.stabilityMs, pollInterval: Math.min(STABILITY_POLL_MS, options.stabilityMs) },
      ignored: (path, stats) => path !== rootPath && options.ignored(path, stats ? stats.isDirectory() : undefined),
    });
    watcher.on('add', (path) => listener.onEvent('add', path));
    watcher.on('change', (path) => listener.onEvent('change', path));
    watcher.on('unlink', (path) => listener.onEvent('unlink', path));
    watcher.on('unlinkDir', (path) => listener.onEvent('unlinkDir', path));
    watcher.on('error', (error) => listener.onError(error instanceof Error ? error : new Error(String(error))));
    return { close: () => watcher.close() };
  }
}
