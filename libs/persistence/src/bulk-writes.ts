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
  return refusedAsDuplicates(() => model.bulkWrite([...operations], { ordered: false }));
}

/**
 * Inserts documents the caller built whole, unordered, without mongoose making (and validating) a document
 * of each: the schema's defaults and timestamps are applied to a copy (`applyDefaults`, `applyTimestamps`),
 * then the rows go to the driver as they are. For bulk inserts of rows built in code with the schema's types
 * (a scan's new images): a mongoose document per row cost about 110 us of CPU, most of a full scan's CPU in
 * the scan-worker besides the render requests. With `validate`, every row is first cast and checked by the
 * schema's validators (Model.validate, no document either), and an invalid one fails the whole insert before
 * anything is written. Returns the positions refused as duplicate keys, as unorderedBulkWrite does; anything
 * else is thrown.
 */
export async function insertPrepared<T extends object>(model: Model<T>, documents: ReadonlyArray<object>, { validate = false } = {}): Promise<Set<number>> {
  if (documents.length === 0) return new Set();
  const checked: ReadonlyArray<object> = validate ? await Promise.all(documents.map((document) => model.validate(document))) : documents;
  const rows = checked.map((document) => model.applyTimestamps(model.applyDefaults({ ...document })));
  return refusedAsDuplicates(() => model.insertMany(rows, { ordered: false, lean: true }));
}

/** Runs an unordered write; the positions it refused as duplicate keys, or its error if anything else failed. */
async function refusedAsDuplicates(write: () => Promise<unknown>): Promise<Set<number>> {
  try {
    await write();
    return new Set();
  } catch (error) {
    const duplicates = duplicatePositions(error);
    if (!duplicates) throw error;
    return duplicates;
  }
}
