import { InvalidScheduleError, nextOccurrence } from '@mediaflow/cron';
import { NextOccurrenceMemo } from './next-occurrence-memo';

describe('NextOccurrenceMemo', () => {
  const after = new Date('2026-03-29T00:30:00Z');

  it('computes a plan once for the same cron, zone and instant, and gives what the computation gives', () => {
    const compute = jest.fn(nextOccurrence);
    const memo = new NextOccurrenceMemo(compute);
    const first = memo.next('30 2 * * *', 'Europe/Berlin', after);
    const second = memo.next('30 2 * * *', 'Europe/Berlin', new Date(after.getTime()));
    expect(compute).toHaveBeenCalledTimes(1);
    expect(first).toEqual(nextOccurrence('30 2 * * *', 'Europe/Berlin', after));
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
  });

  it('computes again when the cron, the zone or the instant differs', () => {
    const compute = jest.fn(nextOccurrence);
    const memo = new NextOccurrenceMemo(compute);
    memo.next('30 2 * * *', 'Europe/Berlin', after);
    memo.next('30 3 * * *', 'Europe/Berlin', after);
    memo.next('30 2 * * *', 'UTC', after);
    memo.next('30 2 * * *', 'Europe/Berlin', new Date(after.getTime() + 1));
    expect(compute).toHaveBeenCalledTimes(4);
  });

  it('remembers "no further occurrence" (null) as an answer too', () => {
    const compute = jest.fn((): Date | null => null);
    const memo = new NextOccurrenceMemo(compute);
    expect(memo.next('0 0 1 1 *', 'UTC', after)).toBeNull();
    expect(memo.next('0 0 1 1 *', 'UTC', after)).toBeNull();
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('remembers nothing for an expression that cannot be planned, so each tick reports it', () => {
    const memo = new NextOccurrenceMemo(nextOccurrence);
    expect(() => memo.next('not a cron', 'UTC', after)).toThrow(InvalidScheduleError);
    expect(() => memo.next('not a cron', 'UTC', after)).toThrow(InvalidScheduleError);
  });
});
