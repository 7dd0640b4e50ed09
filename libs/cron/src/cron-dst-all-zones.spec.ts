import { occurrencesBetween } from './cron-expression';
import { offsetTransitions, type OffsetTransition } from './dst-transitions';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const YEAR = 2026;

interface Case {
  name: string;
  expression: string;
  transition: OffsetTransition;
  /** The one instant the schedule must fire at within 20 hours of the transition. */
  expected: number;
}

/**
 * Daily fixed-time schedules at wall times in and around every gap and repeated interval of every IANA
 * zone with a clock change in YEAR. Wall times are ms "as if UTC". In a gap [start, end) the schedule
 * fires at the transition (the first valid instant after it); in a repeated interval, once, on the first
 * pass (the earlier offset); elsewhere at its time under the offset in force.
 */
function cases(): Case[] {
  const all: Case[] = [];
  for (const zone of Intl.supportedValuesOf('timeZone')) {
    for (const transition of offsetTransitions(zone, YEAR)) {
      const shift = transition.after - transition.before;
      const changeWall = transition.instant + transition.before; // the wall time the clock leaves
      const [start, end] = shift > 0 ? [changeWall, changeWall + shift] : [changeWall + shift, changeWall];
      const length = end - start;
      const walls = [start - 30 * MINUTE, start, start + length / 2, end - MINUTE, end, end + 30 * MINUTE].map(
        (wall) => Math.floor(wall / MINUTE) * MINUTE,
      );
      for (const wall of walls) {
        const inside = wall >= start && wall < end;
        const expected =
          shift > 0 && inside ? transition.instant : wall < end && (shift < 0 || wall < start) ? wall - transition.before : wall - transition.after;
        const time = new Date(wall);
        const expression = `${time.getUTCMinutes()} ${time.getUTCHours()} * * *`;
        all.push({ name: `${zone} ${new Date(transition.instant).toISOString()} ${expression}`, expression, transition, expected });
      }
    }
  }
  return all;
}

describe('daily schedules over every clock change of every IANA zone', () => {
  const all = cases();

  it('finds the clock changes to test (zones with DST, and those that change offset in other ways)', () => {
    const zones = new Set(all.map((entry) => entry.transition.zone));
    expect(zones.has('Europe/Berlin')).toBe(true);
    expect(zones.has('Australia/Lord_Howe')).toBe(true); // a 30-minute change
    expect(zones.size).toBeGreaterThan(100);
  });

  it('fires once, at the expected instant, in and around each gap and repeated interval', () => {
    const wrong = all.flatMap(({ name, expression, transition, expected }) => {
      const fired = occurrencesBetween(expression, transition.zone, new Date(transition.instant - 20 * HOUR), new Date(transition.instant + 20 * HOUR), 10);
      const near = fired.map((date) => date.getTime()).filter((instant) => Math.abs(instant - expected) < 20 * HOUR - HOUR);
      return near.length === 1 && near[0] === expected ? [] : [`${name}: expected ${new Date(expected).toISOString()}, fired ${fired.map((d) => d.toISOString()).join(', ')}`];
    });
    expect(wrong).toEqual([]);
  });
});
