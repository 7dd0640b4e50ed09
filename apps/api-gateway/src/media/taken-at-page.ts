import { Types } from 'mongoose';

/**
 * The cursor of a page in `takenAt` order. Images whose metadata was read come first, by (takenAt, id),
 * from the `image_metadata` index {collectionId, takenAtSort, _id}; the images not read yet follow, by id.
 * `t.<ms>.<id>`: after that metadata row; `r.<id>`: among the rest, after that image id.
 */
export type TakenAtCursor = { phase: 'read'; takenAtMs: number | null; id: Types.ObjectId } | { phase: 'rest'; id: Types.ObjectId | null };

const REST_START = 'r.000000000000000000000000';

export function parseTakenAtCursor(cursor: string | undefined): TakenAtCursor | null {
  if (!cursor) return null;
  const [phase, a, b] = cursor.split('.');
  if (phase === 't' && a !== undefined && b !== undefined) return { phase: 'read', takenAtMs: Number(a), id: new Types.ObjectId(b) };
  if (phase === 'r' && a !== undefined) return { phase: 'rest', id: cursor === REST_START ? null : new Types.ObjectId(a) };
  return null;
}

export function readCursor(row: { _id: Types.ObjectId; takenAtSort: Date | null }): string {
  return `t.${row.takenAtSort?.getTime() ?? 0}.${row._id.toString()}`;
}

export function restCursor(id: Types.ObjectId | null): string {
  return id ? `r.${id.toString()}` : REST_START;
}

/** The filter that continues the metadata order after `cursor`. */
export function afterReadCursor(cursor: TakenAtCursor | null): Record<string, unknown> {
  if (!cursor || cursor.phase !== 'read') return {};
  const at = new Date(cursor.takenAtMs ?? 0);
  return { $or: [{ takenAtSort: { $gt: at } }, { takenAtSort: at, _id: { $gt: cursor.id } }] };
}
