import { JobStatus, StageName, StageStatus } from '@mediaflow/contracts';
import { FAILURE_SAMPLE_LIMIT, type OutcomeCounts } from '@mediaflow/persistence';
import { addCounts, includeChildFailures, recordCounts, reportFailure, requestCancel, setStageTotal, stageCounting } from './job-changes';
import type { FailureEntry, JobState } from './job-state';

const NOW = new Date('2030-01-02T00:00:00Z');
const job: JobState = {
  status: JobStatus.Running,
  stages: [
    { name: StageName.Thumbnail, status: StageStatus.Running, total: null, totalKnown: false, done: 3, failed: 1, skipped: 0, recountEpoch: 2 },
    { name: StageName.Cache, status: StageStatus.Pending, total: null, totalKnown: false, done: 0, failed: 0, skipped: 0, recountEpoch: 0 },
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
const seen = stageCounting(job, StageName.Thumbnail);

describe('job changes', () => {
  it('sets a stage total and keeps the items counted before it', () => {
    const result = setStageTotal(StageName.Thumbnail, 10)(job, []);

    expect(result.stages[0]).toMatchObject({ total: 10, totalKnown: true, done: 3, failed: 1 });
  });

  it('ignores a total for a stage its children roll up into', () => {
    const children = [{ status: JobStatus.Running, stages: [job.stages[0]!] }];

    expect(setStageTotal(StageName.Thumbnail, 0)(job, children)).toBe(job);
  });

  it('adds a delta while the recount epoch is the one read before the items were recorded', () => {
    const result = addCounts(StageName.Thumbnail, { done: 2, failed: 1, skipped: 1 }, [failure('f1')], 2, NOW)(job, []);

    expect(result?.stages[0]).toMatchObject({ done: 5, failed: 2, skipped: 1, recountEpoch: 2 });
    expect(result?.failureSample).toEqual([failure('f1')]);
    expect(result?.lastProgressAt).toEqual(NOW);
    expect(result?.stages[1]).toBe(job.stages[1]);
  });

  it('declines a delta once a recount moved the epoch', () => {
    expect(addCounts(StageName.Thumbnail, { done: 2, failed: 0, skipped: 0 }, [], 1, NOW)(job, [])).toBeNull();
  });

  it('declines a delta for a stage its children roll up into', () => {
    const children = [{ status: JobStatus.Running, stages: [job.stages[0]!] }];

    expect(addCounts(StageName.Thumbnail, { done: 2, failed: 0, skipped: 0 }, [], 2, NOW)(job, children)).toBeNull();
  });

  it('leaves lastProgressAt alone for an empty delta', () => {
    expect(addCounts(StageName.Thumbnail, { done: 0, failed: 0, skipped: 0 }, [], 2, NOW)(job, [])?.lastProgressAt).toBeNull();
  });

  it('records a recount and bumps the epoch when a count moved', () => {
    const result = recordCounts(StageName.Thumbnail, { done: 4, failed: 1, skipped: 2 }, [], seen, NOW)(job, []);

    expect(result?.stages[0]).toMatchObject({ done: 4, failed: 1, skipped: 2, recountEpoch: 3 });
    expect(result?.lastProgressAt).toEqual(NOW);
  });

  it('never lowers counts, and keeps the epoch when no count moved', () => {
    const result = recordCounts(StageName.Thumbnail, { done: 2, failed: 1, skipped: 0 }, [], seen, NOW)(job, []);

    expect(result?.stages[0]).toMatchObject({ done: 3, failed: 1, skipped: 0, recountEpoch: 2 });
    expect(result?.lastProgressAt).toBeNull();
  });

  it('declines a recount when a delta or another recount moved the stage since its ledger read', () => {
    const counted = addCounts(StageName.Thumbnail, { done: 1, failed: 0, skipped: 0 }, [], 2, NOW)(job, [])!;
    const recounted = { ...job, stages: [{ ...job.stages[0]!, recountEpoch: 3 }, job.stages[1]!] };

    expect(recordCounts(StageName.Thumbnail, { done: 9, failed: 1, skipped: 0 }, [], seen, NOW)(counted, [])).toBeNull();
    expect(recordCounts(StageName.Thumbnail, { done: 9, failed: 1, skipped: 0 }, [], seen, NOW)(recounted, [])).toBeNull();
  });

  it('ends exact when a delta lands between a recount reading the ledger and folding', () => {
    const name = StageName.Cache;
    const oneDone = { done: 1, failed: 0, skipped: 0 };
    const ledger = ['c']; // recorded by a handling that died before counting it
    const ledgerCounts = (): OutcomeCounts => ({ done: ledger.length, failed: 0, skipped: 0 });
    const apply = (state: JobState, change: (job: JobState, children: []) => JobState | null): JobState => change(state, []) ?? state;
    let state = job;

    const firstRecount = recordCounts(name, ledgerCounts(), [], stageCounting(state, name), NOW); // c's redelivery
    const aEpoch = stageCounting(state, name).recountEpoch;
    ledger.push('a');
    state = apply(state, firstRecount);
    expect(addCounts(name, oneDone, [], aEpoch, NOW)(state, [])).toBeNull(); // a's delta declines: recount
    const secondRecount = recordCounts(name, ledgerCounts(), [], stageCounting(state, name), NOW);
    const bEpoch = stageCounting(state, name).recountEpoch;
    ledger.push('b');
    state = apply(state, addCounts(name, oneDone, [], bEpoch, NOW));
    // Folded regardless, max(2 counted, 2 in its read) would stop at 2 of the 3 items: it declines and reads again.
    expect(secondRecount(state, [])).toBeNull();
    state = apply(state, recordCounts(name, ledgerCounts(), [], stageCounting(state, name), NOW));

    expect(state.stages[1]).toMatchObject({ done: 3, recountEpoch: 2 });
  });

  it('adds failures to the sample once each, up to the limit', () => {
    const full = Array.from({ length: FAILURE_SAMPLE_LIMIT - 1 }, (_, index) => failure(`old-${index}`));

    const result = recordCounts(StageName.Thumbnail, { done: 3, failed: 3, skipped: 0 }, [failure('old-0'), failure('n1'), failure('n2')], seen, NOW)(
      { ...job, failureSample: full },
      [],
    );

    expect(result?.failureSample).toHaveLength(FAILURE_SAMPLE_LIMIT);
    expect(result?.failureSample.at(-1)).toEqual(failure('n1'));
  });

  it('caps the failure sample of a delta too', () => {
    const full = Array.from({ length: FAILURE_SAMPLE_LIMIT }, (_, index) => failure(`old-${index}`));

    const result = addCounts(StageName.Thumbnail, { done: 0, failed: 1, skipped: 0 }, [failure('n1')], 2, NOW)({ ...job, failureSample: full }, []);

    expect(result?.failureSample).toHaveLength(FAILURE_SAMPLE_LIMIT);
    expect(result?.stages[0]?.failed).toBe(2);
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
