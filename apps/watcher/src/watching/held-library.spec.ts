import { FileChangeKind, LibraryStatus } from '@mediaflow/contracts';
import { WatchStatus } from '@mediaflow/persistence';
import { Logger } from '@nestjs/common';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WatchJobsService } from '../jobs/watch-jobs.service';
import type { WatchHealth, WatchStatusWriter } from '../status/watch-status.writer';
import { FakeFileWatchFactory, watchError } from '../testing/fake-file-watch';
import { ManualClock } from '../testing/manual-clock';
import type { WatchClock } from '../time/watch-clock';
import { HeldLibrary, type LibrarySnapshot } from './held-library';

const SETTINGS = {
  batching: { quietMs: 300, removalHoldMs: 3_500, maxWaitMs: 15_000, maxChanges: 2_000 },
  stabilityMs: 2_000,
  usePolling: false,
  pollingFallback: true,
  pollIntervalMs: 2_000,
};

describe(HeldLibrary.name, () => {
  let root: string;
  let snapshot: LibrarySnapshot;
  let files: FakeFileWatchFactory;
  let jobs: { startWatchSync: jest.Mock; startCatchUpScan: jest.Mock };
  let status: { setWatch: jest.Mock; markOffline: jest.Mock };
  let unhandled: unknown[];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  let sut: HeldLibrary;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'mf-held-'));
    snapshot = {
      library: { id: '6500000000000000000000aa', name: 'photos', rootPath: root, include: [], exclude: [] },
      shown: { status: WatchStatus.Off, reason: null },
      status: LibraryStatus.Online,
      statusReason: null,
    };
    files = new FakeFileWatchFactory();
    jobs = { startWatchSync: jest.fn().mockResolvedValue('watch-job'), startCatchUpScan: jest.fn().mockResolvedValue('scan-job') };
    status = { setWatch: jest.fn((_id: string, _shown: WatchHealth, next: WatchHealth) => Promise.resolve(next)), markOffline: jest.fn().mockResolvedValue(undefined) };
    unhandled = [];
    process.on('unhandledRejection', onUnhandled);
    for (const level of ['log', 'warn', 'error'] as const) jest.spyOn(Logger.prototype, level).mockImplementation(() => undefined);
    const deps = { settings: SETTINGS, files, clock: new ManualClock() as unknown as WatchClock, jobs: jobs as unknown as WatchJobsService, status: status as unknown as WatchStatusWriter };
    sut = new HeldLibrary(snapshot, 0, deps);
  });

  afterEach(async () => {
    await sut.stop();
    await new Promise((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', onUnhandled);
    jest.restoreAllMocks();
    await rm(root, { recursive: true, force: true });
    expect(unhandled).toEqual([]);
  });

  it('marks the library offline when its root is gone, watching nothing', async () => {
    await rm(root, { recursive: true });

    await sut.keepUp(snapshot);

    expect(status.markOffline).toHaveBeenCalledWith(snapshot.library.id, `library root ${root} does not exist (is the share mounted?)`);
    expect(files.watches).toEqual([]);
  });

  it('stops the watch when the root vanishes while watched', async () => {
    await sut.keepUp(snapshot);
    await rm(root, { recursive: true });

    await sut.keepUp(snapshot);

    expect(files.latest.closed).toBe(true);
    expect(status.markOffline).toHaveBeenCalledTimes(1);
  });

  it('does not send the removals of a vanished root as a batch', async () => {
    await sut.keepUp(snapshot);
    await rm(root, { recursive: true });

    sut.batch(snapshot.library, [{ kind: FileChangeKind.Removed, relativePath: 'a.jpg' }]);
    await sut.stop();

    expect(jobs.startWatchSync).not.toHaveBeenCalled();
  });

  it('asks a catch-up scan at the next round after falling back to polling', async () => {
    await sut.keepUp(snapshot);
    expect(jobs.startCatchUpScan).toHaveBeenCalledWith(snapshot.library, 'watch lease taken');

    files.latest.listener.onError(watchError('ENOSPC', root));
    await sut.keepUp(snapshot);

    expect(jobs.startCatchUpScan).toHaveBeenLastCalledWith(snapshot.library, 'watch restarted with polling');
    expect(files.latest.options.usePolling).toBe(true);
  });

  it('logs a status write that fails instead of rejecting', async () => {
    status.setWatch.mockRejectedValue(new Error('store down'));

    await sut.keepUp(snapshot);
    files.latest.listener.onError(watchError('EACCES', root));
    await sut.stop();

    expect(status.setWatch).toHaveBeenCalledTimes(2);
  });
});
