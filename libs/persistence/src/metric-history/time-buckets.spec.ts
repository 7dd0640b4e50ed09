import { bucketId, HistoryWindow, RESOLUTIONS, slotStart, windowSlots } from './time-buckets';

describe('time buckets', () => {
  const now = new Date('2026-03-29T01:07:33.250Z');

  it('puts an instant in the slot that starts at or before it', () => {
    expect(new Date(slotStart(now, RESOLUTIONS.fine)).toISOString()).toBe('2026-03-29T01:07:30.000Z');
    expect(new Date(slotStart(now, RESOLUTIONS.coarse)).toISOString()).toBe('2026-03-29T01:05:00.000Z');
  });

  it('covers the last ten minutes with 120 points', () => {
    expect(windowSlots(HistoryWindow.TenMinutes, now)).toEqual(windowSlots(HistoryWindow.Hour, now).slice(-120));
  });

  it('covers the last hour with 5 s slots and the last day with 5 min slots, ending with the current one', () => {
    const hour = windowSlots(HistoryWindow.Hour, now);
    const day = windowSlots(HistoryWindow.Day, now);

    expect(hour).toHaveLength(720);
    expect(new Date(hour.at(-1)!).toISOString()).toBe('2026-03-29T01:07:30.000Z');
    expect(hour[1]! - hour[0]!).toBe(5_000);
    expect(day).toHaveLength(288);
    expect(new Date(day[0]!).toISOString()).toBe('2026-03-28T01:10:00.000Z');
  });

  it('names a point by series, grid and slot', () => {
    expect(bucketId('queues', RESOLUTIONS.fine, 1_000)).toBe('queues:5s:1000');
  });
});
