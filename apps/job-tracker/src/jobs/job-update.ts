import type { JobState } from './job-state';

export interface JobUpdate {
  $set: Record<string, unknown>;
  $max: Record<string, number>;
  $push?: { failureSample: { $each: JobState['failureSample'] } };
}

const COUNT_FIELDS = ['done', 'failed', 'skipped'] as const;
const STAGE_FIELDS = ['status', 'total', 'totalKnown', 'recountEpoch'] as const;
const JOB_FIELDS = [
  'status',
  'reason',
  'cancelRequestedAt',
  'reportedFailure',
  'startedAt',
  'finishedAt',
  'lastProgressAt',
  'childrenTotal',
  'childrenFinished',
] as const;

const same = (a: unknown, b: unknown): boolean => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);

/**
 * The store update that turns `before` into `after`, or null when nothing changed. Counts go through
 * `$max` so they can only grow; the failure sample only appends (the writer already capped it).
 * Stages are addressed by position: `after` has the same stages in the same order as `before`.
 */
export function buildJobUpdate(before: JobState, after: JobState): JobUpdate | null {
  const update: JobUpdate = { $set: {}, $max: {} };
  after.stages.forEach((stage, index) => {
    const old = before.stages[index];
    for (const field of COUNT_FIELDS) {
      if (stage[field] !== old?.[field]) update.$max[`stages.${index}.${field}`] = stage[field];
    }
    for (const field of STAGE_FIELDS) {
      if (stage[field] !== old?.[field]) update.$set[`stages.${index}.${field}`] = stage[field];
    }
  });
  for (const field of JOB_FIELDS) {
    if (!same(after[field], before[field])) update.$set[field] = after[field];
  }
  const appended = after.failureSample.slice(before.failureSample.length);
  if (appended.length > 0) update.$push = { failureSample: { $each: appended } };
  const changed = Object.keys(update.$set).length + Object.keys(update.$max).length > 0 || update.$push !== undefined;
  return changed ? update : null;
}
