import { FileWatchFactory, type FileWatchHandle, type FileWatchListener, type FileWatchOptions } from '../watching/file-watch';

/** One watch the code under test started: what it asked for, and a way to play the file system's part. */
export interface FakeWatch {
  rootPath: string;
  options: FileWatchOptions;
  listener: FileWatchListener;
  closed: boolean;
}

/** A FileWatchFactory for unit tests: records each watch started and lets the test emit errors on it. */
export class FakeFileWatchFactory extends FileWatchFactory {
  readonly watches: FakeWatch[] = [];
  /** When set, `close()` of every watch rejects with it (a watch that cannot be torn down). */
  closeFailure: Error | null = null;

  watch(rootPath: string, options: FileWatchOptions, listener: FileWatchListener): FileWatchHandle {
    const started: FakeWatch = { rootPath, options, listener, closed: false };
    this.watches.push(started);
    return {
      close: async () => {
        if (this.closeFailure) throw this.closeFailure;
        started.closed = true;
      },
    };
  }

  get latest(): FakeWatch {
    const latest = this.watches.at(-1);
    if (!latest) throw new Error('no watch was started');
    return latest;
  }
}

/** An error as fs.watch / chokidar reports it: a message, an errno code and the path. */
export function watchError(code: string, path = '/libraries/photos'): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: watch ${path}`), { code, path });
}
