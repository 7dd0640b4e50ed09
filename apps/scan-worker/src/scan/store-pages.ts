import type { Model, Types } from 'mongoose';

export const PAGE_SIZE = 500;

/**
 * Streams a filter in _id order, projecting `projection`, as pages of PAGE_SIZE documents. One query
 * and one server cursor (fetched PAGE_SIZE at a time), not one query per page: a store that cannot use
 * an index for the filter (FerretDB's SQLite backend) then scans the collection once, not once per page.
 * Updates made while iterating are safe: they never change _id, so nothing is seen twice.
 */
export async function* pages<T>(
  model: Model<T>,
  filter: Record<string, unknown>,
  projection: Record<string, 1>,
): AsyncGenerator<Array<Pick<T, keyof T> & { _id: Types.ObjectId }>> {
  const cursor = model
    .find(filter, projection)
    .sort({ _id: 1 })
    .batchSize(PAGE_SIZE)
    .lean<Array<Pick<T, keyof T> & { _id: Types.ObjectId }>>()
    .cursor();
  try {
    let page: Array<Pick<T, keyof T> & { _id: Types.ObjectId }> = [];
    for await (const document of cursor) {
      page.push(document as Pick<T, keyof T> & { _id: Types.ObjectId });
      if (page.length === PAGE_SIZE) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) yield page;
  } finally {
    await cursor.close();
  }
}
