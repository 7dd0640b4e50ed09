import { Types } from 'mongoose';
import { openRawStore, RACING_POOL_SIZE, type RawStore } from '../testing/raw-store';

/**
 * What the code relies on from MongoDB when writes race (docs/architecture.md, "What the local store
 * guarantees"): every update is atomic on its document, a conditional findOneAndUpdate has one winner,
 * a unique index admits one of racing inserts. Runs unchanged on MongoDB and on the FerretDB runner
 * (which, as published, lost updates and had several winners: scripts/lib/ferretdb-build.mjs).
 */
describe('concurrent writes to one document', () => {
  let store: RawStore;

  beforeAll(async () => {
    store = await openRawStore('mf_atomic');
  });

  afterAll(async () => {
    await store.dispose();
  });

  it(`lose no $inc: 200 increments on a pool of ${RACING_POOL_SIZE} leave n at 200`, async () => {
    const counters = store.collection('counters');
    const { insertedId } = await counters.insertOne({ n: 0 });

    await Promise.all(Array.from({ length: 200 }, () => counters.updateOne({ _id: insertedId }, { $inc: { n: 1 } })));

    expect(await counters.findOne({ _id: insertedId })).toMatchObject({ n: 200 });
  });

  it('have one winner when 50 conditional findOneAndUpdate by _id race', async () => {
    const slots = store.collection('slots');
    const { insertedId } = await slots.insertOne({ holder: null });

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, racer) => slots.findOneAndUpdate({ _id: insertedId, holder: null }, { $set: { holder: racer } })),
    );

    const winners = results.filter((previous) => previous !== null);
    expect(winners).toHaveLength(1);
    const final = await slots.findOne({ _id: insertedId });
    expect(final?.holder).toEqual(expect.any(Number));
  });

  it('have one winner when 50 conditional findOneAndUpdate by other fields race', async () => {
    const slots = store.collection('claims');
    await slots.createIndex({ kind: 1 });
    await slots.insertMany([
      { kind: 'render', state: 'free' },
      { kind: 'scan', state: 'taken' },
    ]);

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, racer) =>
        slots.findOneAndUpdate({ kind: 'render', state: 'free' }, { $set: { state: 'taken', holder: racer } }),
      ),
    );

    expect(results.filter((previous) => previous !== null)).toHaveLength(1);
    expect(await slots.countDocuments({ kind: 'render', state: 'taken' })).toBe(1);
  });

  it('admit one of 20 racing inserts of one unique key; the others fail with a duplicate key (11000)', async () => {
    const runs = store.collection('runs');
    await runs.createIndex({ scheduleId: 1, occurrenceAt: 1 }, { unique: true });
    const scheduleId = new Types.ObjectId();
    const occurrenceAt = new Date('2026-01-01T00:00:00Z');

    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, racer) => runs.insertOne({ scheduleId, occurrenceAt, racer })),
    );

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const codes = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [(outcome.reason as { code?: number }).code] : []));
    expect(codes).toEqual(Array.from({ length: 19 }, () => 11000));
    expect(await runs.countDocuments({ scheduleId })).toBe(1);
  });

  it('let a bulkWrite of 1,000 updates finish while other clients keep reading and writing', async () => {
    const images = store.collection('bulk_images');
    const others = store.collection('bulk_others');
    const { insertedIds } = await images.insertMany(Array.from({ length: 1000 }, (_, n) => ({ n, seen: false })));
    const { insertedId: otherId } = await others.insertOne({ n: 0 });

    const bulk = images.bulkWrite(
      Object.values(insertedIds).map((_id) => ({ updateOne: { filter: { _id }, update: { $set: { seen: true } } } })),
      { ordered: false },
    );
    const otherClients = Promise.all(
      Array.from({ length: 20 }, async () => {
        await others.updateOne({ _id: otherId }, { $inc: { n: 1 } });
        return others.findOne({ _id: otherId });
      }),
    );
    const [result, reads] = await Promise.all([bulk, otherClients]);

    expect(result.modifiedCount).toBe(1000);
    expect(reads.every((read) => read !== null)).toBe(true);
    expect(await images.countDocuments({ seen: true })).toBe(1000);
    expect(await others.findOne({ _id: otherId })).toMatchObject({ n: 20 });
  });
});
