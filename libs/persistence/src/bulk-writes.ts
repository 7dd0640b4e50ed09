import type { Model } from 'mongoose';
import { duplicatePositions } from './duplicate-key';

/** One operation of `model.bulkWrite`, typed as mongoose types it for the model. */
export type BulkWriteOperation<T> = Parameters<Model<T>['bulkWrite']>[0][number];

/**
 * One unordered bulk write. Returns the positions in `operations` refused as duplicate keys (a concurrent
 * scan or watch batch made that row first; callers read it back); any other error is thrown. It is sent
 * whole: the local store's build closes each statement's query when the statement ends, so a large bulk
 * no longer stalls it (it used to be cut into commands of 16 statements; docs/architecture.md).
 */
export async function unorderedBulkWrite<T>(model: Model<T>, operations: ReadonlyArray<BulkWriteOperation<T>>): Promise<Set<number>> {
  if (operations.length === 0) return new Set();
  try {
    await model.bulkWrite([...operations], { ordered: false });
    return new Set();
  } catch (error) {
    const duplicates = duplicatePositions(error);
    if (!duplicates) throw error;
    return new Set(duplicates);
  }
}
