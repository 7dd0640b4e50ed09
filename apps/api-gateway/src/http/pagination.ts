import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsMongoId, IsOptional, Max, Min } from 'class-validator';
import { Types } from 'mongoose';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** The page size of a listing; each listing adds the cursor its order needs. */
export class PageSizeQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
}

/** Cursor pagination: `cursor` is the last id of the previous page, as returned in `nextCursor`. */
export class PageQuery extends PageSizeQuery {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsMongoId()
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * Builds a page from a query that fetched `limit + 1` rows: the extra row only says whether there
 * is a next page, which saves the client a request for an empty page.
 */
export function toPage<R extends { _id: { toString(): string } }, T>(rows: R[], limit: number, map: (row: R) => T): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(map), nextCursor: hasMore && last ? last._id.toString() : null };
}

export function pageLimit(query: PageQuery): number {
  return query.limit ?? DEFAULT_PAGE_SIZE;
}

/** Every ObjectId lies between these two. */
const FIRST_OBJECT_ID = new Types.ObjectId('000000000000000000000000');
const LAST_OBJECT_ID = new Types.ObjectId('ffffffffffffffffffffffff');

/**
 * The `_id` condition of a page ordered by `_id`: the rows past the cursor, or for the first page every
 * ObjectId (the same rows: every document listed this way has an ObjectId `_id`). The first page is
 * bounded too because the local store orders by its `_id` index only within an ObjectId range and would
 * otherwise read and sort every row (6 s for the job list at 50,000 jobs; docs/architecture.md, "What
 * the local store guarantees"). MongoDB plans both alike.
 */
export function idPage(cursor: string | Types.ObjectId | null | undefined, order: 'ascending' | 'descending'): { _id: Record<string, Types.ObjectId> } {
  const after = cursor === null || cursor === undefined ? undefined : new Types.ObjectId(cursor);
  if (order === 'ascending') return { _id: after ? { $gt: after } : { $gte: FIRST_OBJECT_ID } };
  return { _id: after ? { $lt: after } : { $lte: LAST_OBJECT_ID } };
}
