import type { Model } from 'mongoose';
import { unorderedBulkWrite } from './bulk-writes';

const update = (id: number) => ({ updateOne: { filter: { _id: id }, update: { $set: { n: id } } } });

describe('unorderedBulkWrite', () => {
  it('sends every operation in one unordered command and reports duplicate-key refusals at their positions', async () => {
    const sent: Array<{ length: number; ordered: boolean }> = [];
    const model = {
      bulkWrite: (operations: unknown[], options: { ordered: boolean }) => {
        sent.push({ length: operations.length, ordered: options.ordered });
        return Promise.reject(Object.assign(new Error('E11000'), { writeErrors: [{ index: 42, code: 11000 }] }));
      },
    };
    const operations = Array.from({ length: 100 }, (_, id) => update(id));

    const refused = await unorderedBulkWrite(model as unknown as Model<unknown>, operations);

    expect([...refused]).toEqual([42]);
    expect(sent).toEqual([{ length: 100, ordered: false }]);
  });

  it('sends nothing for no operations', async () => {
    const model = { bulkWrite: jest.fn() };

    expect(await unorderedBulkWrite(model as unknown as Model<unknown>, [])).toEqual(new Set());
    expect(model.bulkWrite).not.toHaveBeenCalled();
  });

  it('throws any other error', async () => {
    const model = { bulkWrite: () => Promise.reject(new Error('store down')) };

    await expect(unorderedBulkWrite(model as unknown as Model<unknown>, [update(1)])).rejects.toThrow('store down');
  });
});
