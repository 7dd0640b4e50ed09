import type { Model, Types } from 'mongoose';

export const PAGE_SIZE = 500;

/** Pages through a filter in _id order, projecting `projection`. */
export async function* pages<T>(
  model: Model<T>,
  filter: Record<string, unknown>,
  projection: Record<string, 1>,
): AsyncGenerator<Array<Pick<T, keyof T> & { _id: Types.ObjectId }>> {
  let after: Types.ObjectId | undefined;
  for (;;) {
    const page = await model
      .find(after ? { ...filter, _id: { $gt: after } } : filter, projection)
      .sort({ _id: 1 })
      .limit(PAGE_SIZE)
      .lean<Array<Pick<T, keyof T> & { _id: Types.ObjectId }>>();
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]?._id;
  }
}
