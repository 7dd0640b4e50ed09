import { Types } from 'mongoose';
import { openRawStore, type RawStore } from '../testing/raw-store';

/**
 * Equality and $in on an indexed field return what MongoDB returns, whatever the field holds in each
 * document: a scalar, an array (matched when it contains the value), null, nothing, a sub-document,
 * strings that JSON escapes. The FerretDB runner answers these from the index (by the index's own
 * expression) and must still return every matching document (scripts/lib/ferretdb-build.mjs, patch 2).
 */
describe('equality on an indexed field', () => {
  const oid = new Types.ObjectId();
  const otherOid = new Types.ObjectId();
  const escaped = 'a<b>&"c"\\d é 🎞 \u2028';
  const rows: Record<string, unknown> = {
    scalarA: 'a',
    scalarB: 'b',
    arrayAB: ['a', 'b'],
    arrayB: ['b'],
    subDocA: { v: 'a' },
    nullTag: null,
    missingTag: undefined,
    oidTag: oid,
    oidArray: [otherOid, oid],
    trueTag: true,
    trueArray: [false, true],
    falseTag: false,
    numberTag: 1,
    escapedTag: escaped,
    escapedArray: ['x', escaped],
    emptyArray: [],
  };
  let store: RawStore;
  let tagged: ReturnType<RawStore['collection']>;

  beforeAll(async () => {
    store = await openRawStore('mf_equality');
    tagged = store.collection('tagged');
    await tagged.createIndex({ tag: 1 });
    await tagged.createIndex({ label: 1, tag: 1 });
    await tagged.insertMany(
      Object.entries(rows).map(([label, tag]) => (tag === undefined ? { label } : { label, tag })),
    );
  });

  afterAll(async () => {
    await store.dispose();
  });

  const labels = async (filter: Record<string, unknown>) =>
    (await tagged.find(filter).toArray()).map((row) => row.label as string).sort();

  it.each([
    ['a string', { tag: 'a' }, ['arrayAB', 'scalarA']],
    ['$eq of a string', { tag: { $eq: 'b' } }, ['arrayAB', 'arrayB', 'scalarB']],
    ['$in of strings', { tag: { $in: ['a', 'zz'] } }, ['arrayAB', 'scalarA']],
    ['an ObjectId', { tag: oid }, ['oidArray', 'oidTag']],
    ['$in of ObjectIds', { tag: { $in: [otherOid] } }, ['oidArray']],
    ['true', { tag: true }, ['trueArray', 'trueTag']],
    ['false', { tag: false }, ['falseTag', 'trueArray']],
    ['a string JSON escapes', { tag: escaped }, ['escapedArray', 'escapedTag']],
    ['null (null and missing)', { tag: null }, ['missingTag', 'nullTag']],
    ['$in with null', { tag: { $in: [null, 'a'] } }, ['arrayAB', 'missingTag', 'nullTag', 'scalarA']],
    ['a value nobody holds', { tag: 'zz' }, []],
    ['two fields, both indexed', { label: 'arrayAB', tag: 'a' }, ['arrayAB']],
    ['two fields, one not matching', { label: 'scalarB', tag: 'a' }, []],
  ])('matches %s as MongoDB does', async (_name, filter, expected) => {
    expect(await labels(filter)).toEqual(expected);
    expect(await tagged.countDocuments(filter)).toBe(expected.length);
  });
});
