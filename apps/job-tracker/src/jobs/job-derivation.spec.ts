import { JobStatus, StageName, StageStatus } from '@mediaflow/contracts';
import { deriveJob, rollUpChildren, stageStatusFromCounts } from './job-derivation';
import type { ChildState, JobState, StageState } from './job-state';

const NOW = new Date('2030-01-02T03:04:05Z');
const EARLIER = new Date('2030-01-01T00:00:00Z');

const stage = (name: StageName, patch: Partial<StageState> = {}): StageState => ({
  name,
  status: StageStatus.Pending,
  total: null,
  totalKnown: false,
  done: 0,
  failed: 0,
  skipped: 0,
  recountEpoch: 0,
  ...patch,
});

const job = (stages: StageState[], patch: Partial<JobState> = {}): JobState => ({
  status: JobStatus.Pending,
  stages,
  failureSample: [],
  cancelRequestedAt: null,
  reportedFailure: null,
  reason: null,
  startedAt: null,
  finishedAt: null,
  lastProgressAt: null,
  childrenTotal: 0,
  childrenFinished: 0,
  ...patch,
});

const child = (status: JobStatus, stages: StageState[]): ChildState => ({ status, stages });
const ended = (name: StageName, done: number, failed = 0): StageState =>
  stage(name, { total: done + failed, totalKnown: true, done, failed, status: failed > 0 ? StageStatus.CompletedWithErrors : StageStatus.Completed });

describe(stageStatusFromCounts.name, () => {
  it('is pending while nothing is known or counted', () => {
    expect(stageStatusFromCounts(stage(StageName.Thumbnail))).toBe(StageStatus.Pending);
  });

  it('is running when items arrive before the total', () => {
    expect(stageStatusFromCounts(stage(StageName.Thumbnail, { done: 3 }))).toBe(StageStatus.Running);
  });

  it('is running when the total is known but not reached', () => {
    expect(stageStatusFromCounts(stage(StageName.Thumbnail, { total: 4, totalKnown: true, done: 1, skipped: 1 }))).toBe(StageStatus.Running);
  });

  it('completes a stage whose total is 0 at once', () => {
    expect(stageStatusFromCounts(stage(StageName.Cache, { total: 0, totalKnown: true }))).toBe(StageStatus.Completed);
  });

  it('completes when done + failed + skipped reaches the total', () => {
    expect(stageStatusFromCounts(stage(StageName.Cache, { total: 3, totalKnown: true, done: 2, skipped: 1 }))).toBe(StageStatus.Completed);
  });

  it('completes with errors when an item failed', () => {
    expect(stageStatusFromCounts(stage(StageName.Cache, { total: 3, totalKnown: true, done: 2, failed: 1 }))).toBe(StageStatus.CompletedWithErrors);
  });

  it('treats more items than the total as complete', () => {
    expect(stageStatusFromCounts(stage(StageName.Cache, { total: 2, totalKnown: true, done: 3 }))).toBe(StageStatus.Completed);
  });
});

describe(rollUpChildren.name, () => {
  it('sums the children stage by stage and knows the total only when every child does', () => {
    const sums = rollUpChildren([
      child(JobStatus.Running, [stage(StageName.Thumbnail, { total: 3, totalKnown: true, done: 1 }), stage(StageName.Cache, { done: 2, failed: 1 })]),
      child(JobStatus.Running, [stage(StageName.Thumbnail, { total: 2, totalKnown: true, skipped: 2 }), stage(StageName.Cache, { total: 5, totalKnown: true })]),
    ]);

    expect(sums.get(StageName.Thumbnail)).toEqual({ done: 1, failed: 0, skipped: 2, total: 5, totalKnown: true });
    expect(sums.get(StageName.Cache)).toEqual({ done: 2, failed: 1, skipped: 0, total: 5, totalKnown: false });
  });
});

describe(deriveJob.name, () => {
  const sut = deriveJob;

  it('leaves a job nothing happened to pending', () => {
    const result = sut(job([stage(StageName.Discover)]), [], NOW).job;

    expect(result.status).toBe(JobStatus.Pending);
    expect(result.startedAt).toBeNull();
  });

  it('runs a job once anything moved, stamping startedAt', () => {
    const result = sut(job([stage(StageName.Discover, { done: 1 }), stage(StageName.Thumbnail)]), [], NOW).job;

    expect(result.status).toBe(JobStatus.Running);
    expect(result.stages.map((entry) => entry.status)).toEqual([StageStatus.Running, StageStatus.Pending]);
    expect(result.startedAt).toEqual(NOW);
  });

  it('keeps the first startedAt', () => {
    const result = sut(job([stage(StageName.Discover, { done: 2 })], { status: JobStatus.Running, startedAt: EARLIER }), [], NOW).job;

    expect(result.startedAt).toEqual(EARLIER);
  });

  it('never moves a running job back to pending', () => {
    const result = sut(job([stage(StageName.Cleanup)], { status: JobStatus.Running, startedAt: EARLIER }), [], NOW).job;

    expect(result.status).toBe(JobStatus.Running);
  });

  it('never moves an ended stage back', () => {
    const result = sut(job([stage(StageName.Cache, { status: StageStatus.Completed, total: 5, totalKnown: true, done: 2 })]), [], NOW).job;

    expect(result.stages[0]?.status).toBe(StageStatus.Completed);
  });

  it('completes when every stage reached its total', () => {
    const result = sut(job([ended(StageName.Discover, 2), stage(StageName.Thumbnail, { total: 0, totalKnown: true })]), [], NOW).job;

    expect(result.status).toBe(JobStatus.Completed);
    expect(result.finishedAt).toEqual(NOW);
    expect(result.startedAt).toEqual(NOW);
    expect(result.reason).toBeNull();
  });

  it('completes with errors, saying how many items failed', () => {
    const result = sut(job([ended(StageName.Discover, 2), ended(StageName.Cache, 3, 2)]), [], NOW).job;

    expect(result.status).toBe(JobStatus.CompletedWithErrors);
    expect(result.reason).toBe('2 items failed');
  });

  it('does not complete while a stage total is unknown', () => {
    const result = sut(job([ended(StageName.Discover, 2), stage(StageName.Cache, { done: 7 })]), [], NOW).job;

    expect(result.status).toBe(JobStatus.Running);
  });

  it('warns when producers reported more items than the total', () => {
    const { job: result, warnings } = sut(job([stage(StageName.Cache, { total: 1, totalKnown: true, done: 2 })]), [], NOW);

    expect(result.status).toBe(JobStatus.Completed);
    expect(warnings).toEqual(['stage cache: 2 items reported for a total of 1; treated as complete']);
  });

  it('cancels when a cancel was requested, whatever the counts say', () => {
    const result = sut(job([ended(StageName.Discover, 1), stage(StageName.Cache, { done: 1 })], { cancelRequestedAt: EARLIER }), [], NOW).job;

    expect(result.status).toBe(JobStatus.Cancelled);
    expect(result.reason).toBe('cancelled on request');
    expect(result.stages.map((entry) => entry.status)).toEqual([StageStatus.Completed, StageStatus.Cancelled]);
    expect(result.finishedAt).toEqual(NOW);
  });

  it('prefers cancel to a reported failure', () => {
    expect(sut(job([], { cancelRequestedAt: EARLIER, reportedFailure: 'root gone' }), [], NOW).job.status).toBe(JobStatus.Cancelled);
  });

  it('fails with the reported reason', () => {
    const result = sut(job([stage(StageName.Discover)], { reportedFailure: 'library root /x is gone' }), [], NOW).job;

    expect(result.status).toBe(JobStatus.Failed);
    expect(result.reason).toBe('library root /x is gone');
    expect(result.stages[0]?.status).toBe(StageStatus.Failed);
    expect(result.startedAt).toEqual(NOW);
  });

  it('never changes a terminal job', () => {
    const cancelled = job([stage(StageName.Cache, { total: 1, totalKnown: true, done: 1 })], { status: JobStatus.Cancelled });

    expect(sut(cancelled, [], NOW).job).toBe(cancelled);
  });

  describe('with children', () => {
    const parent = (discover: StageState): JobState =>
      job([discover, stage(StageName.Thumbnail), stage(StageName.Cache)], { status: JobStatus.Running, startedAt: EARLIER });

    it('rolls the children counts up into its stages', () => {
      const result = sut(
        parent(stage(StageName.Discover, { done: 1 })),
        [
          child(JobStatus.Running, [stage(StageName.Thumbnail, { total: 2, totalKnown: true, done: 1 }), stage(StageName.Cache, { failed: 1 })]),
          child(JobStatus.Pending, [stage(StageName.Thumbnail, { total: 1, totalKnown: true, done: 1 }), stage(StageName.Cache)]),
        ],
        NOW,
      ).job;

      expect(result.stages[1]).toMatchObject({ total: 3, totalKnown: true, done: 2, status: StageStatus.Running });
      expect(result.stages[2]).toMatchObject({ total: null, totalKnown: false, failed: 1, status: StageStatus.Running });
      expect(result.childrenTotal).toBe(2);
      expect(result.childrenFinished).toBe(0);
    });

    it('never lowers counts with a smaller sum', () => {
      const job1 = job([stage(StageName.Thumbnail, { done: 5 })]);

      const result = sut(job1, [child(JobStatus.Running, [stage(StageName.Thumbnail, { done: 3 })])], NOW).job;

      expect(result.stages[0]?.done).toBe(5);
    });

    it('does not complete while its own discover stage runs, even if every child has ended', () => {
      const children = [child(JobStatus.Completed, [ended(StageName.Thumbnail, 1), ended(StageName.Cache, 1)])];

      const result = sut(parent(stage(StageName.Discover, { done: 1 })), children, NOW).job;

      expect(result.status).toBe(JobStatus.Running);
      expect(result.stages[1]?.status).toBe(StageStatus.Running);
    });

    it('does not complete while a child runs', () => {
      const children = [
        child(JobStatus.Completed, [ended(StageName.Thumbnail, 1), ended(StageName.Cache, 1)]),
        child(JobStatus.Running, [ended(StageName.Thumbnail, 1), stage(StageName.Cache, { total: 1, totalKnown: true })]),
      ];

      expect(sut(parent(ended(StageName.Discover, 2)), children, NOW).job.status).toBe(JobStatus.Running);
    });

    it('completes once discover ended and every child ended', () => {
      const children = [
        child(JobStatus.Completed, [ended(StageName.Thumbnail, 2), ended(StageName.Cache, 2)]),
        child(JobStatus.Completed, [ended(StageName.Thumbnail, 1), ended(StageName.Cache, 1)]),
      ];

      const result = sut(parent(ended(StageName.Discover, 2)), children, NOW).job;

      expect(result.status).toBe(JobStatus.Completed);
      expect(result.stages[1]).toMatchObject({ total: 3, done: 3, status: StageStatus.Completed });
      expect(result.childrenFinished).toBe(2);
    });

    it('completes with errors when a child failed, even with its stages unfinished', () => {
      const children = [
        child(JobStatus.Completed, [ended(StageName.Thumbnail, 1), ended(StageName.Cache, 1)]),
        child(JobStatus.Failed, [stage(StageName.Thumbnail, { total: 4, totalKnown: true, done: 1 }), stage(StageName.Cache)]),
      ];

      const result = sut(parent(ended(StageName.Discover, 2)), children, NOW).job;

      expect(result.status).toBe(JobStatus.CompletedWithErrors);
      expect(result.reason).toBe('1 child job failed or cancelled');
      expect(result.stages[2]?.status).toBe(StageStatus.CompletedWithErrors);
    });

    it('completes with errors when children had failed items', () => {
      const children = [child(JobStatus.CompletedWithErrors, [ended(StageName.Thumbnail, 1, 1), ended(StageName.Cache, 2)])];

      const result = sut(parent(ended(StageName.Discover, 1)), children, NOW).job;

      expect(result.status).toBe(JobStatus.CompletedWithErrors);
      expect(result.reason).toBe('1 item failed');
    });

    it('runs, not pending, as soon as it has children', () => {
      const result = sut(job([stage(StageName.Thumbnail)]), [child(JobStatus.Pending, [stage(StageName.Thumbnail)])], NOW).job;

      expect(result.status).toBe(JobStatus.Running);
    });
  });
});
