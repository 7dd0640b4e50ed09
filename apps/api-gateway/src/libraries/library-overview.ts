import { DerivativeKind, DerivativeState, MEDIA_KINDS } from '@mediaflow/contracts';
import type { DerivativeStateCounts, MediaKindOverview, OverviewKind } from './library-overview.dto';

/** One row of `$group: {_id: '$mediaKind'}` over the library's live images. */
export interface ImageKindRow {
  _id: string | null | undefined;
  count: number;
}

/** One row of `$group: {_id: {mediaKind, kind, state}}` over the library's derivative records. */
export interface DerivativeKindRow {
  _id: { mediaKind?: string | null; kind?: string; state?: string };
  count: number;
}

const KNOWN_KINDS: ReadonlySet<string> = new Set(MEDIA_KINDS);

/** Records without a kind (written before it was stored) or with one we no longer know count as 'unknown'. */
function overviewKind(value: string | null | undefined): OverviewKind {
  return value != null && KNOWN_KINDS.has(value) ? (value as OverviewKind) : 'unknown';
}

interface Tally {
  images: number;
  ready: Record<DerivativeKind, number>;
  failed: Record<DerivativeKind, number>;
}

const emptyTally = (): Tally => ({
  images: 0,
  ready: { [DerivativeKind.Thumbnail]: 0, [DerivativeKind.Cache]: 0 },
  failed: { [DerivativeKind.Thumbnail]: 0, [DerivativeKind.Cache]: 0 },
});

function stateCounts(tally: Tally, kind: DerivativeKind): DerivativeStateCounts {
  const ready = tally.ready[kind];
  const failed = tally.failed[kind];
  return { ready, failed, pending: Math.max(0, tally.images - ready - failed) };
}

/**
 * Images and derivative states per media kind, in MEDIA_KINDS order and then 'unknown'; a kind with no
 * images and no derivative records is left out. Pending is what is neither ready nor failed; derivative
 * records still in state pending are not counted (images minus the others already covers them).
 */
export function countsByMediaKind(images: ImageKindRow[], derivatives: DerivativeKindRow[]): MediaKindOverview[] {
  const tallies = new Map<OverviewKind, Tally>();
  const tallyOf = (kind: OverviewKind): Tally => {
    let tally = tallies.get(kind);
    if (!tally) tallies.set(kind, (tally = emptyTally()));
    return tally;
  };
  for (const row of images) tallyOf(overviewKind(row._id)).images += row.count;
  for (const { _id: key, count } of derivatives) {
    const kind = key.kind === DerivativeKind.Cache ? DerivativeKind.Cache : key.kind === DerivativeKind.Thumbnail ? DerivativeKind.Thumbnail : null;
    if (!kind) continue;
    if (key.state === DerivativeState.Ready) tallyOf(overviewKind(key.mediaKind)).ready[kind] += count;
    else if (key.state === DerivativeState.Failed) tallyOf(overviewKind(key.mediaKind)).failed[kind] += count;
  }
  const order: OverviewKind[] = [...MEDIA_KINDS, 'unknown'];
  return order.flatMap((kind) => {
    const tally = tallies.get(kind);
    if (!tally) return [];
    return [{ kind, images: tally.images, thumbnail: stateCounts(tally, DerivativeKind.Thumbnail), cache: stateCounts(tally, DerivativeKind.Cache) }];
  });
}

/** Milliseconds from start to finish, null unless both are known. */
export function durationMs(startedAt: Date | null | undefined, finishedAt: Date | null | undefined): number | null {
  if (!startedAt || !finishedAt) return null;
  return Math.max(0, finishedAt.getTime() - startedAt.getTime());
}
