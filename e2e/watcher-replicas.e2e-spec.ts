import { eventually, testStoreUrl } from '@mediaflow/testing';
import mongoose from 'mongoose';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiClient } from './support/api-client';
import { imageBytes, writeAt } from './support/library-generator';
import { TERMINAL_JOB, libraryImages, libraryJobs, thumbnailReady } from './support/library-views';
import { Stack, type StackService } from './support/stack';

const ADMIN_KEY = 'e2e-admin-key';
const WAIT_MS = 240_000;
const LEASE_TTL_MS = 10_000;

interface LeaseRow {
  _id: string;
  holder: string;
  expiresAt: Date;
}

/**
 * Two watcher replicas share four watched libraries: each library has one live lease, both replicas
 * hold some, and a change is picked up exactly once. SIGKILLing the holder of one library hands it to
 * the survivor once the lease lapses, and a file added in the gap is indexed by the catch-up scan.
 */
describe('two watcher replicas, four libraries, end to end', () => {
  let workDir: string;
  let stack: Stack;
  let api: ApiClient;
  let store: mongoose.Connection;
  const replicas = new Map<string, StackService>();
  const libraries: Array<{ id: string; root: string }> = [];

  const liveLeases = async (): Promise<Map<string, string>> => {
    const rows = await store.collection<LeaseRow>('leases').find({ _id: { $regex: '^watch:' }, expiresAt: { $gt: new Date() } }).toArray();
    return new Map(rows.map((row) => [row._id.slice('watch:'.length), row.holder]));
  };

  const addImage = async (library: { root: string }, name: string, seed: number): Promise<void> => {
    await writeAt(library.root, name, await imageBytes('jpeg', seed, 64, 48));
  };

  const renderedIn = (libraryId: string, name: string): Promise<boolean> =>
    eventually(`${name} rendered in library ${libraryId}`, async () => thumbnailReady((await libraryImages(api, libraryId)).get(name)), WAIT_MS, 1_000);

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'mf-e2e-watch-replicas-'));
    stack = new Stack({
      portBase: 3740,
      env: {
        LIBRARY_ROOTS: path.join(workDir, 'libraries'),
        DERIVATIVES_DIR: path.join(workDir, 'derivatives'),
        API_KEYS: `admin:${ADMIN_KEY}`,
        WATCH_LEASE_TTL_MS: String(LEASE_TTL_MS),
        WATCH_RECONCILE_MS: '2000',
      },
    });
    stack.start(['api-gateway', 'scan-worker', 'thumbnail-worker', 'cache-worker', 'job-tracker']);
    for (const [name, port] of [['watcher-a', 3760], ['watcher-b', 3761]] as const) {
      replicas.set(name, stack.startReplica('watcher', port, { WATCHER_REPLICA_ID: name }));
    }
    await stack.waitUntilReady();
    api = new ApiClient(stack.url('api-gateway'), ADMIN_KEY);
    store = await mongoose.createConnection(testStoreUrl(), { dbName: stack.database }).asPromise();
    for (let n = 0; n < 4; n += 1) {
      const root = path.join(workDir, 'libraries', `shared-${n}`);
      await mkdir(root, { recursive: true });
      const { id } = await api.ok<{ id: string }>('POST', '/libraries', { name: `shared-${n}`, rootPath: root, watch: true });
      libraries.push({ id, root });
    }
  });

  afterAll(async () => {
    await store?.close();
    await stack?.stop();
    await stack?.cleanUp();
    await rm(workDir, { recursive: true, force: true });
  });

  it('watches each library exactly once, shared between the replicas', async () => {
    const leases = await eventually('four leases, two per replica', async () => {
      const current = await liveLeases();
      const perHolder = [...replicas.keys()].map((name) => [...current.values()].filter((holder) => holder === name).length);
      return libraries.every((library) => current.has(library.id)) && perHolder.every((count) => count === 2) ? current : undefined;
    }, WAIT_MS, 500);
    expect(new Set(leases.values())).toEqual(new Set(replicas.keys()));
    // Catch-up scans of the hand-overs settle before the change, so each change is counted alone.
    await eventually('catch-up scans to end', async () => {
      for (const library of libraries) {
        const scans = await libraryJobs(api, library.id, 'library-scan');
        if (scans.length === 0 || !scans.every((job) => TERMINAL_JOB.includes(job.status))) return false;
      }
      return true;
    }, WAIT_MS, 500);

    for (const [n, library] of libraries.entries()) await addImage(library, 'first.jpg', n);

    for (const library of libraries) {
      await renderedIn(library.id, 'first.jpg');
      const jobs = await eventually('watch-sync jobs to end', async () => {
        const current = await libraryJobs(api, library.id, 'watch-sync');
        return current.every((job) => TERMINAL_JOB.includes(job.status)) ? current : undefined;
      }, WAIT_MS, 500);
      // One watcher sent one batch; a second watcher of the same library would have sent another.
      expect(jobs).toHaveLength(1);
      expect(jobs[0]?.status).toBe('completed');
    }
  });

  it('hands a library to the survivor when its holder is SIGKILLed, and picks up what changed in the gap', async () => {
    const target = libraries[0]!;
    const holder = (await liveLeases()).get(target.id)!;
    const victim = replicas.get(holder)!;
    const survivor = [...replicas.keys()].find((name) => name !== holder)!;

    victim.process.kill('SIGKILL');
    expect(await victim.exited).toBe('SIGKILL');
    await addImage(target, 'in-the-gap.jpg', 100);

    const leases = await eventually('the survivor to hold every library', async () => {
      const current = await liveLeases();
      return libraries.every((library) => current.get(library.id) === survivor) ? current : undefined;
    }, WAIT_MS, 250);
    expect(leases.size).toBe(4);
    await renderedIn(target.id, 'in-the-gap.jpg');

    // The survivor watches the taken-over library live too.
    await addImage(target, 'after.jpg', 101);
    await renderedIn(target.id, 'after.jpg');
  });
});
