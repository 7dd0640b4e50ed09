import { uniqueName } from '@mediaflow/testing';
import { startPersistence, type PersistenceTestModule } from '../testing/persistence-test-module';
import { LeaseRepository } from './lease.repository';

const TTL_MS = 10_000;
const T0 = new Date('2025-06-01T12:00:00Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);

describe(LeaseRepository.name, () => {
  let store: PersistenceTestModule;
  let sut: LeaseRepository;

  beforeAll(async () => {
    store = await startPersistence(uniqueName('mf_leases'));
    sut = store.module.get(LeaseRepository);
  });

  afterAll(async () => {
    await store.dispose();
  });

  it('grants a free lease', async () => {
    const key = uniqueName('watch');

    expect(await sut.acquire(key, 'replica-a', TTL_MS, T0)).toBe(true);
    expect(await sut.holderOf(key, T0)).toBe('replica-a');
  });

  it('refuses a second holder while the lease is held', async () => {
    const key = uniqueName('watch');
    await sut.acquire(key, 'replica-a', TTL_MS, T0);

    expect(await sut.acquire(key, 'replica-b', TTL_MS, at(TTL_MS - 1))).toBe(false);
    expect(await sut.holderOf(key, at(TTL_MS - 1))).toBe('replica-a');
  });

  it('lets its holder acquire it again, extending it', async () => {
    const key = uniqueName('watch');
    await sut.acquire(key, 'replica-a', TTL_MS, T0);

    expect(await sut.acquire(key, 'replica-a', TTL_MS, at(5_000))).toBe(true);
    expect(await sut.holderOf(key, at(TTL_MS + 1_000))).toBe('replica-a');
  });

  it('lets another holder take it over once it expired', async () => {
    const key = uniqueName('watch');
    await sut.acquire(key, 'replica-a', TTL_MS, T0);

    expect(await sut.acquire(key, 'replica-b', TTL_MS, at(TTL_MS))).toBe(true);
    expect(await sut.holderOf(key, at(TTL_MS))).toBe('replica-b');
  });

  it('settles an expired lease on one of many racing holders, refusing the others their next renewal', async () => {
    const key = uniqueName('watch');
    await sut.acquire(key, 'replica-a', TTL_MS, T0);
    const racers = ['replica-b', 'replica-c', 'replica-d', 'replica-e'];

    const grants = await Promise.all(racers.map((holder) => sut.acquire(key, holder, TTL_MS, at(TTL_MS + 1))));
    const granted = racers.filter((_, position) => grants[position]);
    const renewals: string[] = [];
    for (const holder of granted) if (await sut.renew(key, holder, TTL_MS, at(TTL_MS + 2))) renewals.push(holder);

    // MongoDB grants exactly one; FerretDB v1 may tell several "yes" (see LeaseRepository), never zero.
    expect(granted.length).toBeGreaterThanOrEqual(1);
    expect(renewals).toEqual([await sut.holderOf(key, at(TTL_MS + 2))]);
  });

  it('extends the lease when its holder renews it', async () => {
    const key = uniqueName('watch');
    await sut.acquire(key, 'replica-a', TTL_MS, T0);

    expect(await sut.renew(key, 'replica-a', TTL_MS, at(9_000))).toBe(true);
    expect(await sut.holderOf(key, at(18_000))).toBe('replica-a');
  });

  it('refuses a renewal by anyone but the holder', async () => {
    const key = uniqueName('watch');
    await sut.acquire(key, 'replica-a', TTL_MS, T0);

    expect(await sut.renew(key, 'replica-b', TTL_MS, at(1_000))).toBe(false);
    expect(await sut.holderOf(key, at(1_000))).toBe('replica-a');
  });

  it('refuses a renewal after the lease expired', async () => {
    const key = uniqueName('watch');
    await sut.acquire(key, 'replica-a', TTL_MS, T0);

    expect(await sut.renew(key, 'replica-a', TTL_MS, at(TTL_MS))).toBe(false);
    expect(await sut.holderOf(key, at(TTL_MS))).toBeNull();
  });

  it('frees the lease at once when its holder releases it', async () => {
    const key = uniqueName('watch');
    await sut.acquire(key, 'replica-a', TTL_MS, T0);

    expect(await sut.release(key, 'replica-a')).toBe(true);
    expect(await sut.holderOf(key, at(1))).toBeNull();
    expect(await sut.acquire(key, 'replica-b', TTL_MS, at(1))).toBe(true);
  });

  it('ignores a release by anyone but the holder', async () => {
    const key = uniqueName('watch');
    await sut.acquire(key, 'replica-a', TTL_MS, T0);

    expect(await sut.release(key, 'replica-b')).toBe(false);
    expect(await sut.holderOf(key, at(1))).toBe('replica-a');
  });

  it('reports no holder for a lease never taken', async () => {
    expect(await sut.holderOf(uniqueName('watch'), T0)).toBeNull();
  });

  it('counts the live leases under a prefix, not the expired or released ones nor other prefixes', async () => {
    const prefix = `${uniqueName('replica')}:`;
    await sut.acquire(`${prefix}a`, 'a', TTL_MS, T0);
    await sut.acquire(`${prefix}b`, 'b', TTL_MS, at(5_000));
    await sut.acquire(`${prefix}c`, 'c', TTL_MS, T0);
    await sut.release(`${prefix}c`, 'c');
    await sut.acquire(`${uniqueName('other')}:a`, 'a', TTL_MS, T0);

    expect(await sut.countLive(prefix, at(1_000))).toBe(2);
    expect(await sut.countLive(prefix, at(TTL_MS))).toBe(1);
  });
});
