import type { Model } from 'mongoose';
import { duplicatePositions } from './duplicate-key';

/** One operation of `model.bulkWrite`, typed as mongoose types it for the model. */
export type BulkWriteOperation<T> = Parameters<Model<T>['bulkWrite']>[0][number];

/**
 * At most this many update or delete statements per bulk write command. FerretDB v1 opens a query on a
 * pooled SQLite connection for each statement of an `update` command and closes them only when the
 * command ends; its pool holds 100 connections, so one command of 100 updateOne statements (or a few
 * concurrent commands adding up to that) leaves no connection for anything else and the whole store stops
 * answering (found by the 100k-file scan bench; docs/architecture.md, "FerretDB findings"). Inserts hold
 * none and are not counted. MongoDB has no such limit; for it the chunks cost a few round trips.
 */
export const STATEMENTS_PER_BULK_WRITE = 16;

/**
 * An unordered bulk write sent as several commands of at most STATEMENTS_PER_BULK_WRITE statements
 * (inserts ride along uncounted). Returns the positions in `operations` refused as duplicate keys, as a
 * single unordered write would; any other error is thrown.
 */
export async function bulkWriteInChunks<T>(model: Model<T>, operations: ReadonlyArray<BulkWriteOperation<T>>): Promise<Set<number>> {
  const refused = new Set<number>();
  for (const { start, chunk } of statementChunks(operations)) {
    try {
      await model.bulkWrite(chunk, { ordered: false });
    } catch (error) {
      const duplicates = duplicatePositions(error);
      if (!duplicates) throw error;
      for (const index of duplicates) refused.add(start + index);
    }
  }
  return refused;
}

/** Consecutive slices of `operations` holding at most STATEMENTS_PER_BULK_WRITE non-insert operations each. */
export function statementChunks<O extends object>(operations: readonly O[]): Array<{ start: number; chunk: O[] }> {
  const chunks: Array<{ start: number; chunk: O[] }> = [];
  let current: { start: number; chunk: O[] } = { start: 0, chunk: [] };
  let statements = 0;
  operations.forEach((operation, index) => {
    const isStatement = !('insertOne' in operation);
    if (isStatement && statements === STATEMENTS_PER_BULK_WRITE) {
      chunks.push(current);
      current = { start: index, chunk: [] };
      statements = 0;
    }
    current.chunk.push(operation);
    if (isStatement) statements += 1;
  });
  if (current.chunk.length > 0) chunks.push(current);
  return chunks;
}
