import { JobStatus } from '@mediaflow/contracts';
import { jobProgress, type StageCounts } from './job-progress';

const stage = (total: number | null, done: number, failed = 0, skipped = 0): StageCounts => ({
  total,
  totalKnown: total !== null,
  done,
  failed,
  skipped,
});

const startedAt = new Date('2025-01-01T00:00:00Z');
const now = new Date('2025-01-01T00:00:10Z');

describe(jobProgress.name, () => {
  it('gives the rate over the running time and the ETA from what remains', () => {
    const sut = jobProgress({ status: JobStatus.Running, startedAt, finishedAt: null }, [stage(10, 10), stage(40, 8, 1, 1)], now);
    expect(sut).toEqual({
      processed: 20,
      remaining: 30,
      ratePerSecond: 2,
      etaSeconds: 15,
      etaAt: '2025-01-01T00:00:25.000Z',
    });
  });

  it('has no ETA while a stage total is unknown', () => {
    const sut = jobProgress({ status: JobStatus.Running, startedAt, finishedAt: null }, [stage(10, 5), stage(null, 3)], now);
    expect(sut.remaining).toBeNull();
    expect(sut.ratePerSecond).toBe(0.8);
    expect(sut.etaSeconds).toBeNull();
  });

  it('has no rate before the job started or moved', () => {
    expect(jobProgress({ status: JobStatus.Pending, startedAt: null, finishedAt: null }, [stage(null, 0)], now)).toEqual({
      processed: 0,
      remaining: null,
      ratePerSecond: null,
      etaSeconds: null,
      etaAt: null,
    });
  });

  it('measures a finished job up to its end, with nothing left', () => {
    const finishedAt = new Date('2025-01-01T00:00:04Z');
    const sut = jobProgress({ status: JobStatus.Completed, startedAt, finishedAt }, [stage(8, 8)], now);
    expect(sut.ratePerSecond).toBe(2);
    expect(sut.etaSeconds).toBe(0);
    expect(sut.etaAt).toBeNull();
  });
});
