import type { Model } from 'mongoose';
import { STATEMENTS_PER_BULK_WRITE, bulkWriteInChunks, statementChunks } from './bulk-writes';

const update = (id: number) => ({ updateOne: { filter: { _id: id }, update: { $set: { n: id } } } });
const insert = (id: number) => ({ insertOne: { document: { _id: id } } });

describe('statementChunks', () => {
  it('cuts after every STATEMENTS_PER_BULK_WRITE updates and keeps the order and positions', () => {
    const operations = Array.from({ length: 2 * STATEMENTS_PER_BULK_WRITE + 1 }, (_, id) => update(id));

    const chunks = statementChunks(operations);

    expect(chunks.map(({ start, chunk }) => [start, chunk.length])).toEqual([
      [0, STATEMENTS_PER_BULK_WRITE],
      [STATEMENTS_PER_BULK_WRITE, STATEMENTS_PER_BULK_WRITE],
      [2 * STATEMENTS_PER_BULK_WRITE, 1],
    ]);
    expect(chunks.flatMap(({ chunk }) => chunk)).toEqual(operations);
  });

  it('does not count inserts, which hold no store connection', () => {
    const operations = [...Array.from({ length: 200 }, (_, id) => insert(id)), update(1)];

    expect(statementChunks(operations)).toHaveLength(1);
  });

  it('returns nothing for no operations', () => {
    expect(statementChunks([])).toEqual([]);
  });
});

describe('bulkWriteInChunks', () => {
  it('reports duplicate-key refusals at their position in the whole list and sends every chunk', async () => {
    const sent: number[] = [];
    const model = {
      bulkWrite: (chunk: Array<{ insertOne?: { document: { _id: number } }; updateOne?: { filter: { _id: number } } }>) => {
        sent.push(chunk.length);
        const refusedIndex = chunk.findIndex((operation) => operation.updateOne?.filter._id === STATEMENTS_PER_BULK_WRITE + 2);
        return refusedIndex < 0 ? Promise.resolve({}) : Promise.reject(Object.assign(new Error('E11000'), { writeErrors: [{ index: refusedIndex, code: 11000 }] }));
      },
    };
    const operations = Array.from({ length: 2 * STATEMENTS_PER_BULK_WRITE }, (_, id) => update(id));

    const refused = await bulkWriteInChunks(model as unknown as Model<unknown>, operations);

    expect([...refused]).toEqual([STATEMENTS_PER_BULK_WRITE + 2]);
    expect(sent).toEqual([STATEMENTS_PER_BULK_WRITE, STATEMENTS_PER_BULK_WRITE]);
  });

  it('throws any other error', async () => {
    const model = { bulkWrite: () => Promise.reject(new Error('store down')) };

    await expect(bulkWriteInChunks(model as unknown as Model<unknown>, [update(1)])).rejects.toThrow('store down');
  });
});
