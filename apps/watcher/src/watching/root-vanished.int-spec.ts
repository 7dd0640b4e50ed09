import { FileChangeKind, LibraryStatus, RoutingKey } from '@mediaflow/contracts';
import { BackgroundJob, Image, Library, MediaCollection, WatchStatus } from '@mediaflow/persistence';
import { MessageCapture, eventually, startServiceForTest, type ServiceUnderTest } from '@mediaflow/testing';
import { getModelToken } from '@nestjs/mongoose';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Types, type Model } from 'mongoose';
import sharp from 'sharp';
import { WatcherEnv } from '../config/watcher.env';
import { WatcherModule } from '../watcher.module';
import { WatchSupervisor } from './watch-supervisor';

/**
 * Short rounds and batches, so the test waits seconds, not the production defaults. A batch closes
 * about 0.4 s after a removal, mostly before the next round (1.5 s) notices the root is gone: so the
 * removals of a vanished root usually reach the batch path and must be dropped there. In either
 * order the outcome asserted is the same.
 */
const FAST_WATCH = { WATCH_RECONCILE_MS: '1500', WATCH_LEASE_TTL_MS: '4500', WATCH_STABILITY_MS: '200', WATCH_QUIET_MS: '100', WATCH_MOVE_GRACE_MS: '100' };

describe(WatchSupervisor.name, () => {
  let service: ServiceUnderTest<WatcherEnv>;
  let capture: MessageCapture;
  let libraries: Model<Library>;
  let collections: Model<MediaCollection>;
  let images: Model<Image>;
  let jobs: Model<BackgroundJob>;
  let root: string;

  beforeAll(async () => {
    service = await startServiceForTest({ name: 'watcher', envClass: WatcherEnv, module: WatcherModule, env: FAST_WATCH });
    capture = await MessageCapture.bind(service.env.AMQP_EXCHANGE);
    const model = <T>(name: string): Model<T> => service.app.get<Model<T>>(getModelToken(name));
    libraries = model(Library.name);
    collections = model(MediaCollection.name);
    images = model(Image.name);
    jobs = model(BackgroundJob.name);
  });

  afterAll(async () => {
    await capture.close();
    await service.stop();
    await rm(root, { recursive: true, force: true });
  });

  async function image(relativePath: string, seed: number): Promise<void> {
    await mkdir(dirname(join(root, relativePath)), { recursive: true });
    const jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: seed * 40, g: 90, b: 20 } } }).jpeg().toBuffer();
    await writeFile(join(root, relativePath), jpeg);
  }

  /** A watched library as a scan would have left it: its two folders and two images. */
  async function seedLibrary(): Promise<string> {
    const library = await libraries.create({ name: `vanishing-${new Types.ObjectId().toHexString()}`, rootPath: root, watch: true, imageCount: 2, collectionCount: 2 });
    const libraryId = library._id;
    for (const [folder, file] of [['', 'a.jpg'], ['sub', 'sub/b.jpg']]) {
      const collection = await collections.create({ libraryId, relativePath: folder, imageCount: 1 });
      await images.create({ libraryId, collectionId: collection._id, relativePath: file, size: 100, mtimeMs: 1, fingerprint: file });
    }
    return libraryId.toHexString();
  }

  async function records(libraryId: string): Promise<Array<[string, string, Date | null]>> {
    const filter = { libraryId: new Types.ObjectId(libraryId) };
    const folders = await collections.find(filter).lean();
    const files = await images.find(filter).lean();
    return [
      ...folders.map((row): [string, string, Date | null] => ['collection', row.relativePath, row.deletedAt]),
      ...files.map((row): [string, string, Date | null] => ['image', row.relativePath, row.deletedAt]),
    ].sort();
  }

  it('marks the library offline and the watch degraded when its root is removed, deletes nothing and keeps running', async () => {
    root = await realpath(await mkdtemp(join(tmpdir(), 'mf-watched-')));
    await image('a.jpg', 1);
    await image('sub/b.jpg', 2);
    const libraryId = await seedLibrary();
    const before = await records(libraryId);
    await eventually('the library to be watched', async () => (await libraries.findById(libraryId).lean())?.watchStatus === WatchStatus.Watching);
    // The watch is live: a new file is sent as a batch. "watching" is shown before chokidar has walked
    // the tree (the catch-up scan covers that gap), so a file is written again until one is seen.
    let written = 0;
    await eventually(
      'a new file to be sent',
      async () => {
        if (capture.of(RoutingKey.LibraryFilesChanged, { libraryId }).length > 0) return true;
        written += 1;
        await image(`sub/new-${written}.jpg`, 3 + written);
        return false;
      },
      30_000,
      1_000,
    );

    await rm(root, { recursive: true, force: true });

    const offline = await eventually('the library to go offline', async () => {
      const library = await libraries.findById(libraryId).lean();
      return library?.status === LibraryStatus.Offline && library.watchStatus === WatchStatus.Degraded ? library : undefined;
    });
    expect(offline.statusReason).toBe(`library root ${root} does not exist (is the share mounted?)`);
    expect(offline.watchReason).toBe(offline.statusReason);
    expect(await records(libraryId)).toEqual(before);
    expect((await fetch(`${service.url}/health/live`)).status).toBe(200);

    // The root comes back: the still-running watcher asks a catch-up scan, published after anything
    // the vanished root could have caused, so no removal can still be on its way.
    await mkdir(root);
    await eventually('a catch-up scan for the returned root', async () =>
      (await jobs.find({ libraryId: new Types.ObjectId(libraryId), description: /library root is back/ }).lean()).length > 0,
    );
    await eventually('the catch-up scan request', () => capture.of(RoutingKey.LibraryScanRequested, { libraryId }).length >= 2);
    const sent = capture.of(RoutingKey.LibraryFilesChanged, { libraryId }).flatMap((batch) => batch.changes);
    expect(sent.filter((change) => change.kind === FileChangeKind.Removed)).toEqual([]);
    expect(await records(libraryId)).toEqual(before);
  });
});
