import { MisfirePolicy } from '@mediaflow/contracts';
import { planOccurrences, type PlannableSchedule } from './occurrence-planner';

describe(planOccurrences.name, () => {
  const everySecond = (misfirePolicy: MisfirePolicy, misfireFireAllCap = 3): PlannableSchedule => ({
    cron: '* * * * * *',
    timezone: 'UTC',
    nextRunAt: new Date('2026-01-01T00:00:00Z'),
    misfirePolicy,
    misfireFireAllCap,
  });

  it('plans nothing before nextRunAt', () => {
    const sut = planOccurrences(everySecond(MisfirePolicy.FireAll), new Date('2025-12-31T23:59:59Z'), 60_000);

    expect(sut).toEqual({ fire: [], skipped: null, nextRunAt: new Date('2026-01-01T00:00:00Z') });
  });

  it('after a three-hour outage of a per-second schedule, replays the latest cap and counts "more than" the rest', () => {
    const sut = planOccurrences(everySecond(MisfirePolicy.FireAll), new Date('2026-01-01T03:00:00.500Z'), 1_000);

    expect(sut.fire.map((date) => date.toISOString())).toEqual([
      '2026-01-01T02:59:57.000Z',
      '2026-01-01T02:59:58.000Z',
      '2026-01-01T02:59:59.000Z',
      '2026-01-01T03:00:00.000Z',
    ]);
    expect(sut.skipped).toMatchObject({ atLeast: true, first: new Date('2026-01-01T00:00:00Z'), last: new Date('2026-01-01T02:59:56Z') });
    expect(sut.nextRunAt).toEqual(new Date('2026-01-01T03:00:01Z'));
  });

  it('fire_once does not add a catch-up fire when an on-time occurrence fires anyway', () => {
    const sut = planOccurrences(everySecond(MisfirePolicy.FireOnce), new Date('2026-01-01T00:10:00Z'), 1_000);

    expect(sut.fire).toEqual([new Date('2026-01-01T00:09:59Z'), new Date('2026-01-01T00:10:00Z')]);
    expect(sut.skipped?.count).toBe(599);
  });
});
