const DAY_MS = 86_400_000;

/**
 * A time zone's wall clock, read from the runtime's tz database (Intl). Wall times are given as
 * milliseconds "as if UTC": Date.UTC(year, month, day, hour, minute) of what the clock on the wall shows.
 */
export class ZoneClock {
  private static readonly clocks = new Map<string, ZoneClock>();
  private readonly format: Intl.DateTimeFormat;

  constructor(readonly zone: string) {
    this.format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
  }

  /** One clock per zone for the process: building an Intl formatter costs far more than using one. */
  static of(zone: string): ZoneClock {
    let clock = ZoneClock.clocks.get(zone);
    if (!clock) ZoneClock.clocks.set(zone, (clock = new ZoneClock(zone)));
    return clock;
  }

  /** The zone's offset from UTC at `instant`, in ms (wall time = instant + offset). */
  offsetAt(instant: number): number {
    const name = this.format.formatToParts(new Date(instant)).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
    const match = /^GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(name);
    if (!match) return 0; // plain 'GMT'
    const [, sign, hours, minutes, seconds] = match;
    return (sign === '-' ? -1 : 1) * ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds ?? 0)) * 1000;
  }

  /** The wall time at `instant`. */
  wallAt(instant: number): number {
    return instant + this.offsetAt(instant);
  }

  /**
   * The instants at which the clock shows `wall`, earliest first: one on an ordinary day, none in a gap
   * (clocks jump over it), two in a repeated interval (clocks go back over it).
   */
  instantsOf(wall: number): number[] {
    const offsets = new Set([this.offsetAt(wall - DAY_MS), this.offsetAt(wall), this.offsetAt(wall + DAY_MS)]);
    const instants = [...offsets].map((offset) => wall - offset).filter((instant) => this.wallAt(instant) === wall);
    return [...new Set(instants)].sort((a, b) => a - b);
  }

  /** The smallest offset in force within a day of `instant`. */
  smallestOffsetNear(instant: number): number {
    return Math.min(this.offsetAt(instant - DAY_MS), this.offsetAt(instant), this.offsetAt(instant + DAY_MS));
  }

  /** The largest offset in force within a day of `wall` (no instant of a later wall time is before wall − this). */
  largestOffsetNear(wall: number): number {
    return Math.max(this.offsetAt(wall - DAY_MS), this.offsetAt(wall + DAY_MS));
  }

  /**
   * For a wall time inside a gap: the instant the gap ends, i.e. the first valid instant after it (the
   * transition itself, when the clock shows the gap's end). Found by bisection between the instant `wall`
   * would be under the later offset and under the earlier one.
   */
  endOfGapAround(wall: number): number {
    const before = this.offsetAt(wall - DAY_MS);
    let lo = wall - this.offsetAt(wall + DAY_MS); // still under the earlier offset
    let hi = wall - before; // already under the later offset
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (this.offsetAt(mid) === before) lo = mid;
      else hi = mid;
    }
    return hi;
  }
}
