import { InvalidScheduleError, nextOccurrence, occurrencesBetween, upcomingOccurrences, validateCron } from './cron-expression';

const iso = (dates: Date[]): string[] => dates.map((date) => date.toISOString());

describe('cron expressions', () => {
  describe('DST in Europe/Berlin', () => {
    it('fires a 02:30 schedule once, at 03:00 CEST (the first valid instant after the gap), on the night 02:00-03:00 does not exist (29 March 2026)', () => {
      const sut = upcomingOccurrences('30 2 * * *', 'Europe/Berlin', new Date('2026-03-27T12:00:00Z'), 4);

      expect(iso(sut)).toEqual([
        '2026-03-28T01:30:00.000Z', // 02:30 CET
        '2026-03-29T01:00:00.000Z', // 03:00 CEST: right after the gap, it is not lost
        '2026-03-30T00:30:00.000Z', // 02:30 CEST
        '2026-03-31T00:30:00.000Z',
      ]);
    });

    it('fires a 02:30 schedule once, not twice, on the night 02:00-03:00 happens twice (25 October 2026)', () => {
      const sut = upcomingOccurrences('30 2 * * *', 'Europe/Berlin', new Date('2026-10-23T12:00:00Z'), 3);

      expect(iso(sut)).toEqual([
        '2026-10-24T00:30:00.000Z', // 02:30 CEST
        '2026-10-25T00:30:00.000Z', // the first 02:30 (CEST); the second (CET, 01:30Z) does not fire
        '2026-10-26T01:30:00.000Z', // 02:30 CET
      ]);
    });

    it('keeps real-time intervals across the October change: every 30 minutes stays every 30 minutes', () => {
      const sut = occurrencesBetween('*/30 * * * *', 'Europe/Berlin', new Date('2026-10-24T23:59:59Z'), new Date('2026-10-25T02:00:00Z'), 100);

      expect(iso(sut)).toEqual([
        '2026-10-25T00:00:00.000Z',
        '2026-10-25T00:30:00.000Z',
        '2026-10-25T01:00:00.000Z',
        '2026-10-25T01:30:00.000Z',
        '2026-10-25T02:00:00.000Z',
      ]);
    });
  });

  it('reads six fields as seconds first', () => {
    const sut = upcomingOccurrences('*/15 * * * * *', 'UTC', new Date('2026-01-01T00:00:00Z'), 3);

    expect(iso(sut)).toEqual(['2026-01-01T00:00:15.000Z', '2026-01-01T00:00:30.000Z', '2026-01-01T00:00:45.000Z']);
  });

  it('returns the first occurrence strictly after the given time', () => {
    expect(nextOccurrence('* * * * * *', 'UTC', new Date('2026-01-01T00:00:00Z'))?.toISOString()).toBe('2026-01-01T00:00:01.000Z');
  });

  it.each([
    ['61 * * * *', 'UTC', 'Constraint error, got value 61 expected range 0-59'],
    ['* * *', 'UTC', 'has 3 fields'],
    ['* * * * * * *', 'UTC', 'has 7 fields'],
    ['0 0 30 2 *', 'UTC', 'Invalid explicit day of month definition'],
    ['* * * * *', 'Mars/Olympus', 'not an IANA time zone'],
  ])('rejects %s in %s with the reason', (expression, timezone, reason) => {
    const validate = (): void => validateCron(expression, timezone, new Date('2026-01-01T00:00:00Z'));

    expect(validate).toThrow(InvalidScheduleError);
    expect(validate).toThrow(reason);
  });
});
