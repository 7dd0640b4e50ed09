import { ZoneClock } from './zone-clock';

/** A change of a zone's offset: at `instant`, from `before` to `after` (ms east of UTC). */
export interface OffsetTransition {
  zone: string;
  instant: number;
  before: number;
  after: number;
}

const STEP_MS = 6 * 3_600_000; // offsets never change twice within six hours

/** Every change of `zone`'s offset during `year` (UTC), to the millisecond, from the runtime's tz database. */
export function offsetTransitions(zone: string, year: number): OffsetTransition[] {
  const clock = ZoneClock.of(zone);
  const found: OffsetTransition[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  for (let from = Date.UTC(year, 0, 1); from < end; from += STEP_MS) {
    const before = clock.offsetAt(from);
    const after = clock.offsetAt(from + STEP_MS);
    if (before === after) continue;
    let lo = from;
    let hi = from + STEP_MS;
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (clock.offsetAt(mid) === before) lo = mid;
      else hi = mid;
    }
    found.push({ zone, instant: hi, before, after });
  }
  return found;
}
