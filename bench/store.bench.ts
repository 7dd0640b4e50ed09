// The store itself, through the driver, with no service in between (docs/architecture.md, "What the
// local store guarantees"):
//   store.indexedLookupMs                         median findOne by an indexed non-_id field in a collection of
//                                                 50,000 documents (target <= 5)
//   store.indexedFindMs / store.indexedCountMs   median find (all 100 matches) / countDocuments by that field:
//                                                 FerretDB decodes and filters every match, ~50 us each
//   store.incPerSec                               concurrent $inc on one document (pool of 20); store.incExact
//                                                 is 1 when none was lost
//   store.updatesPerSec / store.insertsPerSec     concurrent updateOne by _id on distinct documents and
//                                                 insertOne, pool of 20: the write throughput the write lock costs
import { testStoreUrl, uniqueName } from '@mediaflow/testing';
import { createConnection, Types } from 'mongoose';
import { median, reportResult, round, seconds } from './support/bench-output';

const DOCUMENTS = Number(process.env.BENCH_STORE_DOCUMENTS ?? 50_000);
const PER_PARENT = 100;
const LOOKUPS = 21;
const WRITES = 2_000;
const POOL = 20;


/** Runs `count` operations, at most `POOL` at a time, and returns the operations per second. */
async function perSecond(count: number, operation: (n: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: POOL }, async () => {
      while (next < count) await operation(next++);
    }),
  );
  return count / seconds(startedAt);
}

async function main(): Promise<void> {
  const connection = await createConnection(testStoreUrl(), { dbName: uniqueName('mf_bench_store'), maxPoolSize: POOL }).asPromise();
  const db = connection.db!;
  try {
    const jobs = db.collection('jobs');
    await jobs.createIndex({ parentId: 1 });
    const parents = Array.from({ length: DOCUMENTS / PER_PARENT }, () => new Types.ObjectId());
    for (let start = 0; start < DOCUMENTS; start += 1_000) {
      await jobs.insertMany(Array.from({ length: 1_000 }, (_, n) => ({ parentId: parents[(start + n) % parents.length], n: start + n })));
    }

    const lookupMs: number[] = [];
    const findMs: number[] = [];
    const countMs: number[] = [];
    for (let lookup = 0; lookup < LOOKUPS; lookup += 1) {
      const parentId = parents[(lookup * 37) % parents.length];
      let startedAt = performance.now();
      await jobs.findOne({ parentId });
      lookupMs.push(performance.now() - startedAt);
      startedAt = performance.now();
      const found = await jobs.find({ parentId }).toArray();
      findMs.push(performance.now() - startedAt);
      startedAt = performance.now();
      const counted = await jobs.countDocuments({ parentId });
      countMs.push(performance.now() - startedAt);
      if (found.length !== PER_PARENT || counted !== PER_PARENT) throw new Error(`parent ${String(parentId)}: ${found.length} found, ${counted} counted`);
    }

    const counters = db.collection('counters');
    const { insertedId } = await counters.insertOne({ n: 0 });
    const incPerSec = await perSecond(WRITES, () => counters.updateOne({ _id: insertedId }, { $inc: { n: 1 } }));
    const counter = await counters.findOne({ _id: insertedId });

    const rows = db.collection('rows');
    const { insertedIds } = await rows.insertMany(Array.from({ length: WRITES }, (_, n) => ({ n, touched: 0 })));
    const updatesPerSec = await perSecond(WRITES, (n) => rows.updateOne({ _id: insertedIds[n] }, { $inc: { touched: 1 } }));
    const insertsPerSec = await perSecond(WRITES, (n) => db.collection('inserted').insertOne({ n }));

    reportResult({
      'store.documents': DOCUMENTS,
      'store.indexedLookupMs': round(median(lookupMs)),
      'store.indexedFindMs': round(median(findMs)),
      'store.indexedCountMs': round(median(countMs)),
      'store.incPerSec': round(incPerSec, 0),
      'store.incExact': counter?.n === WRITES ? 1 : 0,
      'store.updatesPerSec': round(updatesPerSec, 0),
      'store.insertsPerSec': round(insertsPerSec, 0),
    });
  } finally {
    await connection.dropDatabase();
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
