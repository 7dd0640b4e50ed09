import { FAILURE_SAMPLE_LIMIT } from '@mediaflow/persistence';
import type { OutcomeCounts } from '@mediaflow/persistence';
import type { StageName } from '@mediaflow/contracts';
import type { ChildState, FailureEntry, JobChange, JobState, StageState } from './job-state';

const updateStage = (job: JobState, name: StageName, update: (stage: StageState) => StageState): JobState => ({
  ...job,
  stages: job.stages.map((stage) => (stage.name === name ? update(stage) : stage)),
});

/**
 * The stage will process `total` items. Items counted before are kept. A stage the job's children
 * also have is their sum, so a total reported for the parent itself is ignored there.
 */
export const setStageTotal =
  (name: StageName, total: number): JobChange =>
  (job, children) => {
    if (children.some((child) => child.stages.some((stage) => stage.name === name))) return job;
    return updateStage(job, name, (stage) => ({ ...stage, total, totalKnown: true }));
  };

/**
 * The stage's counts as recounted from the ledger (never lowered: a recount that raced a newer one
 * must not undo it), and failures added to the sample until it holds FAILURE_SAMPLE_LIMIT.
 */
export const recordCounts =
  (name: StageName, counts: OutcomeCounts, failures: readonly FailureEntry[], now: Date): JobChange =>
  (job) => {
    let moved = false;
    const next = updateStage(job, name, (stage) => {
      const counted = {
        ...stage,
        done: Math.max(stage.done, counts.done),
        failed: Math.max(stage.failed, counts.failed),
        skipped: Math.max(stage.skipped, counts.skipped),
      };
      moved = counted.done !== stage.done || counted.failed !== stage.failed || counted.skipped !== stage.skipped;
      return counted;
    });
    return { ...withFailures(next, failures), lastProgressAt: moved ? now : job.lastProgressAt };
  };

/** Adds failures not yet in the sample until it holds FAILURE_SAMPLE_LIMIT. */
function withFailures(job: JobState, failures: readonly FailureEntry[]): JobState {
  const keyOf = (entry: FailureEntry): string => `${entry.stage}\u0000${entry.itemId}`;
  const known = new Set(job.failureSample.map(keyOf));
  const room = Math.max(0, FAILURE_SAMPLE_LIMIT - job.failureSample.length);
  const added: FailureEntry[] = [];
  for (const entry of failures) {
    if (added.length >= room) break;
    if (known.has(keyOf(entry))) continue;
    known.add(keyOf(entry));
    added.push(entry);
  }
  return added.length > 0 ? { ...job, failureSample: [...job.failureSample, ...added] } : job;
}

/**
 * A parent shows its children's failures too: a full scan's bad files fail in the collection jobs,
 * and the person looking at the scan must see which files and why.
 */
export const includeChildFailures = (job: JobState, children: readonly ChildState[]): JobState =>
  withFailures(job, children.flatMap((child) => child.failureSample ?? []));

/** `reason` says why when the cancel was not asked for by a person (e.g. its parent job ended). */
export const requestCancel =
  (now: Date, reason: string | null = null): JobChange =>
  (job) =>
    job.cancelRequestedAt ? job : { ...job, cancelRequestedAt: now, reason: reason ?? job.reason };

export const reportFailure =
  (reason: string): JobChange =>
  (job) =>
    job.reportedFailure ? job : { ...job, reportedFailure: reason };
