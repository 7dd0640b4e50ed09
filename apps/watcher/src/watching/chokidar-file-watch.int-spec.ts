import { eventually } from '@mediaflow/testing';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChokidarFileWatchFactory } from './chokidar-file-watch';
import type { FileWatchHandle } from './file-watch';

/**
 * chokidar on the real file system. The race this guards against (chokidar issues #1112 and #1471):
 * chokidar used to read a new folder and only then watch it, so a file written into the folder in
 * between was never reported. patches/chokidar+4.0.3.patch watches first. The test makes the window
 * certain instead of likely: while chokidar reads the new folder (it asks `ignored` about each entry
 * it listed), a second file is written there, after the listing and before the old code's watch.
 */
describe(ChokidarFileWatchFactory.name, () => {
  let root: string;
  let handle: FileWatchHandle | undefined;

  beforeEach(async () => {
    root = await realpath(await mkdtemp(join(tmpdir(), 'mf-chokidar-')));
  });

  afterEach(async () => {
    await handle?.close();
    handle = undefined;
    await rm(root, { recursive: true, force: true });
  });

  it.each([
    ['native events', false],
    ['polling', true],
  ])('reports a file written into a new folder while the folder is being read (%s)', async (_mode, usePolling) => {
    const folder = join(root, 'trip');
    const first = join(folder, 'first.jpg');
    const late = join(folder, 'late.jpg');
    const added = new Set<string>();
    const errors: Error[] = [];
    let ready = false;
    let lateWritten = false;
    handle = new ChokidarFileWatchFactory().watch(
      root,
      {
        usePolling,
        pollIntervalMs: 100,
        stabilityMs: 200,
        ignored: (path) => {
          if (path === first && ready && !lateWritten) {
            lateWritten = true;
            writeFileSync(late, 'written while chokidar reads the folder');
          }
          return false;
        },
      },
      { onEvent: (kind, path) => kind === 'add' && added.add(path), onError: (error) => errors.push(error) },
    );
    // The handle has no ready signal: the root is watched once a file written into it is reported.
    let probes = 0;
    await eventually('the watch to report a file in the root', () => {
      writeFileSync(join(root, `probe-${(probes += 1)}.jpg`), 'probe');
      return added.size > 0;
    }, 10_000, 250);
    ready = true;

    mkdirSync(folder);
    writeFileSync(first, 'first');

    await eventually('both files of the new folder reported', () => added.has(first) && added.has(late), 10_000, 50);
    expect(lateWritten).toBe(true);
    expect(errors).toEqual([]);
  });
});
