import { JobStatus, StageName, StageStatus } from '@mediaflow/contracts';
import type { JobState } from './job-state';
import { buildJobUpdate } from './job-update';

const base: JobState = {
  status: JobStatus.Running,
  stages: [
    { name: StageName.Discover, status: StageStatus.Running, total: null, totalKnown: false, done: 1, failed: 0, skipped: 0, recountEpoch: 0 },
    { name: StageName.Cache, status: StageStatus.Pending, total: null, totalKnown: false, done: 0, failed: 0, skipped: 0, recountEpoch: 0 },
  ],
  failureSample: [{ stage: StageName.Discover, itemId: 'a', path: 'a', reason: 'x' }],
  cancelRequestedAt: null,
  reportedFailure: null,
  reason: null,
  startedAt: new Date('2030-01-01T00:00:00Z'),
  finishedAt: null,
  lastProgressAt: null,
  childrenTotal: 0,
  childrenFinished: 0,
};

describe(buildJobUpdate.name, () => {
  const sut = buildJobUpdate;

  it('returns null when nothing changed', () => {
    expect(sut(base, { ...base, startedAt: new Date(base.startedAt!.getTime()) })).toBeNull();
  });

  it('raises counts with $max and sets statuses and totals by stage position', () => {
    const after: JobState = {
      ...base,
      stages: [base.stages[0]!, { ...base.stages[1]!, status: StageStatus.Running, total: 4, totalKnown: true, failed: 2 }],
    };

    expect(sut(base, after)).toEqual({
      $max: { 'stages.1.failed': 2 },
      $set: { 'stages.1.status': StageStatus.Running, 'stages.1.total': 4, 'stages.1.totalKnown': true },
    });
  });

  it("sets a stage's recount epoch", () => {
    const after: JobState = { ...base, stages: [{ ...base.stages[0]!, done: 4, recountEpoch: 1 }, base.stages[1]!] };

    expect(sut(base, after)).toEqual({ $max: { 'stages.0.done': 4 }, $set: { 'stages.0.recountEpoch': 1 } });
  });

  it('appends only the new failure sample entries', () => {
    const added = { stage: StageName.Cache, itemId: 'b', path: null, reason: 'corrupt' };

    expect(sut(base, { ...base, failureSample: [...base.failureSample, added] })).toEqual({
      $set: {},
      $max: {},
      $push: { failureSample: { $each: [added] } },
    });
  });

  it('sets changed job fields', () => {
    const finishedAt = new Date('2030-01-02T00:00:00Z');

    expect(sut(base, { ...base, status: JobStatus.Completed, finishedAt })?.$set).toEqual({ status: JobStatus.Completed, finishedAt });
  });
});
