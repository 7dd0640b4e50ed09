import { WatchStatus } from '@mediaflow/persistence';
import { Logger } from '@nestjs/common';
import { FakeFileWatchFactory, watchError } from '../testing/fake-file-watch';
import { ManualClock } from '../testing/manual-clock';
import type { WatchClock } from '../time/watch-clock';
import { LibraryWatch, type LibraryWatchSettings, type LibraryWatchSink, type WatchedLibrary } from './library-watch';

const LIBRARY: WatchedLibrary = { id: 'lib-1', name: 'photos', rootPath: '/libraries/photos', include: [], exclude: [] };
const SETTINGS: LibraryWatchSettings = {
  batching: { quietMs: 300, removalHoldMs: 3_500, maxWaitMs: 15_000, maxChanges: 2_000 },
  stabilityMs: 2_000,
  usePolling: false,
  pollingFallback: true,
  pollIntervalMs: 2_000,
};

/** What the library document would show: the last health reported wins. */
class RecordingSink implements LibraryWatchSink {
  readonly reports: Array<{ status: WatchStatus; reason: string | null }> = [];
  readonly catchUps: string[] = [];

  batch(): void {}

  missedChanges(_library: WatchedLibrary, why: string): void {
    this.catchUps.push(why);
  }

  health(_library: WatchedLibrary, status: WatchStatus, reason: string | null): void {
    this.reports.push({ status, reason });
  }

  get shown(): { status: WatchStatus; reason: string | null } | undefined {
    return this.reports.at(-1);
  }
}

/** Lets the watch's own promise chains (closing and restarting) run to their end. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe(LibraryWatch.name, () => {
  let files: FakeFileWatchFactory;
  let sink: RecordingSink;
  let unhandled: unknown[];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

  function start(settings: Partial<LibraryWatchSettings> = {}): LibraryWatch {
    const sut = new LibraryWatch(LIBRARY, { ...SETTINGS, ...settings }, files, new ManualClock() as unknown as WatchClock, sink);
    sut.start();
    return sut;
  }

  beforeEach(() => {
    files = new FakeFileWatchFactory();
    sink = new RecordingSink();
    unhandled = [];
    process.on('unhandledRejection', onUnhandled);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    await settle();
    process.off('unhandledRejection', onUnhandled);
    jest.restoreAllMocks();
    expect(unhandled).toEqual([]);
  });

  it('reports a fresh inotify watch as watching', () => {
    start();

    expect(files.latest.options.usePolling).toBe(false);
    expect(sink.shown).toEqual({ status: WatchStatus.Watching, reason: null });
  });

  it('reports a watch polling by configuration as watching, saying it polls', () => {
    start({ usePolling: true });

    expect(files.latest.options.usePolling).toBe(true);
    expect(sink.shown).toEqual({ status: WatchStatus.Watching, reason: 'polling every 2000 ms' });
  });

  it('on ENOSPC while already polling by configuration shows degraded and starts no other watch', async () => {
    start({ usePolling: true });

    files.latest.listener.onError(watchError('ENOSPC'));
    await settle();

    expect(files.watches).toHaveLength(1);
    expect(sink.shown?.status).toBe(WatchStatus.Degraded);
    expect(sink.shown?.reason).toContain('fs.inotify.max_user_watches');
  });

  it.each([
    ['ENOSPC', 'fs.inotify.max_user_watches'],
    ['EMFILE', 'fs.inotify.max_user_instances'],
  ])('on %s restarts the watch with polling and shows degraded with the limit to raise', async (code, setting) => {
    start();

    files.latest.listener.onError(watchError(code));
    await settle();

    expect(files.watches.map((watch) => [watch.options.usePolling, watch.closed])).toEqual([
      [false, true],
      [true, false],
    ]);
    expect(files.latest.options.pollIntervalMs).toBe(2_000);
    expect(sink.shown?.status).toBe(WatchStatus.Degraded);
    expect(sink.shown?.reason).toContain(code);
    expect(sink.shown?.reason).toContain(setting);
    expect(sink.shown?.reason).toContain('polling every 2000 ms');
  });

  it('asks a catch-up scan when it falls back to polling, since the new watch sees only later changes', async () => {
    start();

    files.latest.listener.onError(watchError('ENOSPC'));
    await settle();

    expect(sink.catchUps).toEqual(['watch restarted with polling']);
  });

  it('keeps the limit as the reason when the old watch reports more errors while it closes', async () => {
    start();

    files.latest.listener.onError(watchError('ENOSPC', '/libraries/photos/a'));
    files.watches[0].listener.onError(watchError('ENOSPC', '/libraries/photos/b'));
    await settle();
    files.watches[0].listener.onError(watchError('ENOSPC', '/libraries/photos/c'));

    expect(files.watches).toHaveLength(2);
    expect(sink.shown).toEqual({
      status: WatchStatus.Degraded,
      reason: 'ENOSPC: the system limit of inotify watches is reached (raise fs.inotify.max_user_watches); polling every 2000 ms',
    });
  });

  it.each(['ENOSPC', 'EMFILE'])('on %s without the polling fallback shows degraded and keeps the watch it has', async (code) => {
    start({ pollingFallback: false });

    files.latest.listener.onError(watchError(code));
    await settle();

    expect(files.watches.map((watch) => [watch.options.usePolling, watch.closed])).toEqual([[false, false]]);
    expect(sink.shown?.status).toBe(WatchStatus.Degraded);
    expect(sink.shown?.reason).toMatch(new RegExp(`^${code}: .*fs\\.inotify\\.max_user_`));
    expect(sink.shown?.reason).not.toContain('polling');
    expect(sink.catchUps).toEqual([]);
  });

  it('on EACCES shows degraded naming the unreadable path and does not fall back to polling', async () => {
    start();

    files.latest.listener.onError(watchError('EACCES', '/libraries/photos/private'));
    await settle();

    expect(files.watches).toHaveLength(1);
    expect(sink.shown).toEqual({ status: WatchStatus.Degraded, reason: 'EACCES: permission denied on /libraries/photos/private' });
  });

  it('when the inotify watch cannot be closed, shows degraded instead of throwing', async () => {
    start();
    files.closeFailure = new Error('close failed');

    files.latest.listener.onError(watchError('ENOSPC'));
    await settle();

    expect(sink.shown).toEqual({ status: WatchStatus.Degraded, reason: 'cannot restart the watch: close failed' });
  });

  it('when the polling watch cannot be started, shows degraded instead of throwing', async () => {
    start();
    jest.spyOn(files, 'watch').mockImplementation(() => {
      throw watchError('EMFILE');
    });

    files.latest.listener.onError(watchError('ENOSPC'));
    await settle();

    expect(sink.shown).toEqual({ status: WatchStatus.Degraded, reason: 'cannot restart the watch: EMFILE: watch /libraries/photos' });
  });

  it('does not restart a watch that was stopped while it failed', async () => {
    const sut = start();

    files.latest.listener.onError(watchError('ENOSPC'));
    await sut.stop();
    await settle();

    expect(files.watches).toHaveLength(1);
    expect(files.latest.closed).toBe(true);
  });
});
