import { FAILURE_SAMPLE_LIMIT } from '@mediaflow/persistence';
import type { OutcomeCounts } from '@mediaflow/persistence';
import type { StageName } from '@mediaflow/contracts';
import type { FailureEntry, JobChange, JobState, StageState } from './job-state';

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
    const known = new Set(job.failureSample.map((entry) => `${entry.stage}\u0000${entry.itemId}`));
    const added = failures
      .filter((entry) => !known.has(`${entry.stage}\u0000${entry.itemId}`))
      .slice(0, Math.max(0, FAILURE_SAMPLE_LIMIT - job.failureSample.length));
    return {
      ...next,
      failureSample: added.length > 0 ? [...job.failureSample, ...added] : job.failureSample,
      lastProgressAt: moved ? now : job.lastProgressAt,
    };
  };

/** `reason` says why when the cancel was not asked for by a person (e.g. its parent job ended). */
export const requestCancel =
  (now: Date, reason: string | null = null): JobChange =>
  (job) =>
    job.cancelRequestedAt ? job : { ...job, cancelRequestedAt: now, reason: reason ?? job.reason };

export const reportFailure =
  (reason: string): JobChange =>
  (job) =>
    job.reportedFailure ? job : { ...job, reportedFailure: reason };
