import { Types } from 'mongoose';

/** Every ObjectId lies between these two. */
const FIRST_OBJECT_ID = new Types.ObjectId('000000000000000000000000');
const LAST_OBJECT_ID = new Types.ObjectId('ffffffffffffffffffffffff');

/**
 * The `_id` condition of a page ordered by `_id`: the rows past the cursor, or for the first page every
 * ObjectId (the same rows: every document listed this way has an ObjectId `_id`). The first page is
 * bounded too because the local store orders by its `_id` index only within an ObjectId range and would
 * otherwise read and sort every row (6 s for the job list at 50,000 jobs; docs/architecture.md, "What
 * the local store guarantees"). MongoDB plans both alike. Lives here, beside the store it copes with.
 */
export function idPage(cursor: string | Types.ObjectId | null | undefined, order: 'ascending' | 'descending'): { _id: Record<string, Types.ObjectId> } {
  const after = cursor ? new Types.ObjectId(cursor) : undefined;
  if (order === 'ascending') return { _id: after ? { $gt: after } : { $gte: FIRST_OBJECT_ID } };
  return { _id: after ? { $lt: after } : { $lte: LAST_OBJECT_ID } };
}
