import { JobStatus, StageName, StageStatus } from '@mediaflow/contracts';
import { FAILURE_SAMPLE_LIMIT } from '@mediaflow/persistence';
import { includeChildFailures, recordCounts, reportFailure, requestCancel, setStageTotal } from './job-changes';
import type { FailureEntry, JobState } from './job-state';

const NOW = new Date('2030-01-02T00:00:00Z');
const job: JobState = {
  status: JobStatus.Running,
  stages: [
    { name: StageName.Thumbnail, status: StageStatus.Running, total: null, totalKnown: false, done: 3, failed: 1, skipped: 0 },
    { name: StageName.Cache, status: StageStatus.Pending, total: null, totalKnown: false, done: 0, failed: 0, skipped: 0 },
  ],
  failureSample: [],
  cancelRequestedAt: null,
  reportedFailure: null,
  reason: null,
  startedAt: null,
  finishedAt: null,
  lastProgressAt: null,
  childrenTotal: 0,
  childrenFinished: 0,
};
const failure = (itemId: string): FailureEntry => ({ stage: StageName.Thumbnail, itemId, path: `${itemId}.jpg`, reason: 'corrupt' });

describe('job changes', () => {
  it('sets a stage total and keeps the items counted before it', () => {
    const result = setStageTotal(StageName.Thumbnail, 10)(job, []);

    expect(result.stages[0]).toMatchObject({ total: 10, totalKnown: true, done: 3, failed: 1 });
  });

  it('ignores a total for a stage its children roll up into', () => {
    const children = [{ status: JobStatus.Running, stages: [job.stages[0]!] }];

    expect(setStageTotal(StageName.Thumbnail, 0)(job, children)).toBe(job);
  });

  it('never lowers counts with a stale recount', () => {
    const result = recordCounts(StageName.Thumbnail, { done: 2, failed: 1, skipped: 4 }, [], NOW)(job, []);

    expect(result.stages[0]).toMatchObject({ done: 3, failed: 1, skipped: 4 });
    expect(result.lastProgressAt).toEqual(NOW);
  });

  it('leaves lastProgressAt alone when no count moved', () => {
    expect(recordCounts(StageName.Thumbnail, { done: 3, failed: 1, skipped: 0 }, [], NOW)(job, []).lastProgressAt).toBeNull();
  });

  it('adds failures to the sample once each, up to the limit', () => {
    const full = Array.from({ length: FAILURE_SAMPLE_LIMIT - 1 }, (_, index) => failure(`old-${index}`));

    const result = recordCounts(StageName.Thumbnail, { done: 3, failed: 3, skipped: 0 }, [failure('old-0'), failure('n1'), failure('n2')], NOW)(
      { ...job, failureSample: full },
      [],
    );

    expect(result.failureSample).toHaveLength(FAILURE_SAMPLE_LIMIT);
    expect(result.failureSample.at(-1)).toEqual(failure('n1'));
  });

  it('keeps the first cancel request and the first reported failure', () => {
    const cancelled = requestCancel(NOW, 'parent job failed')(job, []);
    const failed = reportFailure('root gone')(reportFailure('first')(job, []), []);

    expect(requestCancel(new Date(0))(cancelled, [])).toBe(cancelled);
    expect(cancelled.reason).toBe('parent job failed');
    expect(failed.reportedFailure).toBe('first');
  });

  it("adds its children's failures to a parent's sample, once each, up to the cap", () => {
    const children = [
      { status: JobStatus.Running, stages: [], failureSample: [failure('a'), failure('b')] },
      { status: JobStatus.Running, stages: [], failureSample: [failure('b'), failure('c')] },
    ];
    const parent = { ...job, failureSample: [failure('a')] };

    const result = includeChildFailures(parent, children);

    expect(result.failureSample.map((entry) => entry.itemId)).toEqual(['a', 'b', 'c']);
    const crowded = Array.from({ length: FAILURE_SAMPLE_LIMIT + 5 }, (_, n) => failure(`f${n}`));
    expect(includeChildFailures(job, [{ status: JobStatus.Running, stages: [], failureSample: crowded }]).failureSample).toHaveLength(FAILURE_SAMPLE_LIMIT);
  });
});
