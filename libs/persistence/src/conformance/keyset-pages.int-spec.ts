import { Types } from 'mongoose';
import { openRawStore, type RawStore } from '../testing/raw-store';

type Id = Types.ObjectId | string | number | Date | boolean;
type Filter = Record<string, unknown>;

/**
 * Keyset pages (`{_id: {$lt: cursor}}` sorted by `_id`, limited) return what MongoDB returns, in its order,
 * on a collection whose `_id`s mix ObjectIds with strings (some whose text looks like an ObjectId's hex),
 * numbers, a date and a boolean. A comparison with an ObjectId matches ObjectIds only (MongoDB brackets
 * comparisons by type), so the expected pages are computed here from the ObjectIds alone, ordered by
 * their hex. The FerretDB runner answers these from the `_id` index in `_id` order
 * (scripts/lib/ferretdb-build.mjs, patch 4); it must still return exactly these documents.
 */
describe('keyset pages sorted by _id', () => {
  const oid = (hex: string) => new Types.ObjectId(hex);
  // Spread over the whole range, the lowest and the highest ObjectId included.
  const oids = [
    '000000000000000000000000',
    '000000000000000000000001',
    '0f0000000000000000000000',
    ...Array.from({ length: 24 }, (_, i) => `${(i * 10 + 16).toString(16).padStart(2, '0')}${'7'.repeat(22)}`),
    '9fffffffffffffffffffffff',
    'a00000000000000000000000',
    'fffffffffffffffffffffffe',
    'ffffffffffffffffffffffff',
  ].map(oid);
  const others: Id[] = [
    '',
    '0',
    '00000000000000000000000a', // text like an ObjectId's hex, inside the range the pages read
    '5f0000000000000000000000',
    'abc',
    'fffffffffffffffffffffff0',
    'zzz',
    'Z',
    '"quoted"',
    0,
    -1,
    2.5,
    1e20,
    new Date(86_400_000),
    true,
  ];
  const tagOf = (index: number) => (index % 3 === 0 ? 'a' : 'b');
  const rows = [...oids, ...others].map((id, index) => ({ _id: id, tag: tagOf(index), plain: tagOf(index) }));

  let store: RawStore;
  let mixed: ReturnType<RawStore['collection']>;

  beforeAll(async () => {
    store = await openRawStore('mf_keyset');
    mixed = store.collection('mixed');
    await mixed.createIndex({ tag: 1 });
    await mixed.insertMany(rows as never[]);
  });

  afterAll(async () => {
    await store.dispose();
  });

  const hex = (id: Id) => (id instanceof Types.ObjectId ? id.toHexString() : JSON.stringify(id));
  const cmp: Record<string, (a: string, b: string) => boolean> = {
    $lt: (a, b) => a < b,
    $lte: (a, b) => a <= b,
    $gt: (a, b) => a > b,
    $gte: (a, b) => a >= b,
  };

  /** What MongoDB returns: ObjectIds only (type bracketing), in hex order, after skip and limit. */
  function expected(range: Record<string, Types.ObjectId>, extra: Filter, direction: 1 | -1, skip: number, limit: number): string[] {
    const matching = rows
      .filter((row) => row._id instanceof Types.ObjectId)
      .filter((row) => Object.entries(range).every(([op, bound]) => cmp[op]!(hex(row._id), bound.toHexString())))
      .filter((row) => Object.entries(extra).every(([field, value]) => row[field as 'tag' | 'plain'] === value))
      .map((row) => hex(row._id))
      .sort();
    if (direction === -1) matching.reverse();
    const skipped = matching.slice(skip);
    return limit > 0 ? skipped.slice(0, limit) : skipped;
  }

  const cut = oids[15]!;
  const low = oids[5]!;
  const high = oids[24]!;

  it.each([
    ['$lt, descending (the job list’s next page)', { $lt: cut }, {}, -1],
    ['$lte, descending', { $lte: cut }, {}, -1],
    ['$gt, ascending (the schedules’ and libraries’ next page)', { $gt: cut }, {}, 1],
    ['$gte, ascending', { $gte: cut }, {}, 1],
    ['$lt, ascending', { $lt: cut }, {}, 1],
    ['$gt, descending', { $gt: cut }, {}, -1],
    ['$gt and $lt, ascending', { $gt: low, $lt: high }, {}, 1],
    ['$gte and $lte, descending', { $gte: low, $lte: high }, {}, -1],
    ['$lte the highest ObjectId, descending (every ObjectId)', { $lte: oids[oids.length - 1]! }, {}, -1],
    ['$gte the lowest ObjectId, ascending (every ObjectId)', { $gte: oids[0]! }, {}, 1],
    ['$lt the lowest ObjectId (none)', { $lt: oids[0]! }, {}, -1],
    ['$lt, descending, with equality on an indexed field', { $lt: cut }, { tag: 'a' }, -1],
    ['$gt, ascending, with equality on an indexed field', { $gt: low }, { tag: 'b' }, 1],
    ['$lt, descending, with equality on a field without an index', { $lt: high }, { plain: 'a' }, -1],
    ['$gte, ascending, with equality on both', { $gte: low }, { tag: 'b', plain: 'b' }, 1],
  ] as Array<[string, Record<string, Types.ObjectId>, Filter, 1 | -1]>)('%s', async (_name, range, extra, direction) => {
    const filter = { ...extra, _id: range };
    const ids = async (limit: number, batchSize?: number, skip = 0) => {
      let cursor = mixed.find(filter).sort({ _id: direction }).skip(skip).limit(limit);
      if (batchSize) cursor = cursor.batchSize(batchSize);
      return (await cursor.toArray()).map((row) => hex(row._id as Id));
    };

    expect(await ids(0)).toEqual(expected(range, extra, direction, 0, 0));
    // A page: the limit smaller than the result, as the lists ask for (limit + 1).
    expect(await ids(4)).toEqual(expected(range, extra, direction, 0, 4));
    // Batches smaller than the page (getMore continues the same cursor), and smaller than the whole result.
    expect(await ids(7, 2)).toEqual(expected(range, extra, direction, 0, 7));
    expect(await ids(0, 3)).toEqual(expected(range, extra, direction, 0, 0));
    expect(await ids(5, 2, 3)).toEqual(expected(range, extra, direction, 3, 5));
  });

  it('walks the whole collection page by page as the job list does', async () => {
    const pages: string[] = [];
    let cursor: Types.ObjectId | undefined;
    for (;;) {
      const filter = cursor ? { _id: { $lt: cursor } } : { _id: { $lte: oids[oids.length - 1]! } };
      const page = await mixed.find(filter).sort({ _id: -1 }).limit(6).toArray();
      pages.push(...page.slice(0, 5).map((row) => hex(row._id as Id)));
      if (page.length <= 5) break;
      cursor = page[4]!._id as Types.ObjectId;
    }
    expect(pages).toEqual(oids.map(hex).sort().reverse());
  });

  it('still orders the whole collection by type, then value, when no ObjectId range narrows it', async () => {
    const ascending = (await mixed.find({}).sort({ _id: 1 }).toArray()).map((row) => row._id as Id);
    const kind = (id: Id) =>
      typeof id === 'number' ? 0 : typeof id === 'string' ? 1 : id instanceof Types.ObjectId ? 2 : typeof id === 'boolean' ? 3 : 4;
    expect(ascending.map(kind)).toEqual([...ascending.map(kind)].sort());
    expect(ascending.filter((id) => id instanceof Types.ObjectId).map(hex)).toEqual(oids.map(hex).sort());
    const descending = (await mixed.find({}).sort({ _id: -1 }).toArray()).map((row) => hex(row._id as Id));
    expect(descending).toEqual(ascending.map(hex).reverse());
  });
});
