import { FAILURE_SAMPLE_LIMIT } from '@mediaflow/persistence';
import type { OutcomeCounts } from '@mediaflow/persistence';
import type { StageName } from '@mediaflow/contracts';
import type { ChildState, FailureEntry, GuardedJobChange, JobChange, JobState, StageCounting, StageState } from './job-state';

const updateStage = (job: JobState, name: StageName, update: (stage: StageState) => StageState): JobState => ({
  ...job,
  stages: job.stages.map((stage) => (stage.name === name ? update(stage) : stage)),
});

const stageOf = (job: JobState, name: StageName): StageState | undefined => job.stages.find((stage) => stage.name === name);

/** The stage's counts and recount epoch, as a delta or a recount must find them unchanged. */
export function stageCounting(job: JobState, name: StageName): StageCounting {
  const stage = stageOf(job, name);
  return { done: stage?.done ?? 0, failed: stage?.failed ?? 0, skipped: stage?.skipped ?? 0, recountEpoch: stage?.recountEpoch ?? 0 };
}

const sameCounting = (stage: StageState, seen: StageCounting): boolean =>
  stage.done === seen.done && stage.failed === seen.failed && stage.skipped === seen.skipped && stage.recountEpoch === seen.recountEpoch;

/** A stage the job's children also have: deriveJob raises its counts to the children's sums, so they are not the ledger's. */
const rolledUp = (children: readonly ChildState[], name: StageName): boolean =>
  children.some((child) => child.stages.some((stage) => stage.name === name));

/**
 * The stage will process `total` items. Items counted before are kept. A stage the job's children
 * also have is their sum, so a total reported for the parent itself is ignored there.
 */
export const setStageTotal =
  (name: StageName, total: number): JobChange =>
  (job, children) => {
    if (rolledUp(children, name)) return job;
    return updateStage(job, name, (stage) => ({ ...stage, total, totalKnown: true }));
  };

/**
 * Adds the counts of a report's newly recorded items to the stage, and its failures to the sample.
 * Declines (null) once the stage's recountEpoch is no longer `epoch`, the one read before the items
 * were recorded: a recount that moved the counts since may have read the ledger after that insert,
 * so its counts may already include these items, and only a recount can tell. Deltas never bump the
 * epoch, so concurrent deltas all apply. Declines for a stage rolled up from children, whose counts
 * are not the ledger's.
 */
export const addCounts =
  (name: StageName, counts: OutcomeCounts, failures: readonly FailureEntry[], epoch: number, now: Date): GuardedJobChange =>
  (job, children) => {
    const current = stageOf(job, name);
    if (!current) return job;
    if (current.recountEpoch !== epoch || rolledUp(children, name)) return null;
    const next = updateStage(job, name, (stage) => ({
      ...stage,
      done: stage.done + counts.done,
      failed: stage.failed + counts.failed,
      skipped: stage.skipped + counts.skipped,
    }));
    const moved = counts.done + counts.failed + counts.skipped > 0;
    return { ...withFailures(next, failures), lastProgressAt: moved ? now : job.lastProgressAt };
  };

/**
 * The stage's counts as recounted from the ledger, and failures added to the sample until it holds
 * FAILURE_SAMPLE_LIMIT. Declines (null) unless the stage's counts and recountEpoch are still `seen`,
 * read before the ledger was: then nothing was counted in between, every item counted so far is in
 * the recount, and its counts are exact. (Without that check, a delta folded between the ledger read
 * and this fold, for items the read missed, would be lost under the max below.) Counts are never
 * lowered. A recount that moves a count bumps recountEpoch, so that deltas whose items it may already
 * include decline and recount instead; one that moves nothing changes no count, so deltas stay valid.
 */
export const recordCounts =
  (name: StageName, counts: OutcomeCounts, failures: readonly FailureEntry[], seen: StageCounting, now: Date): GuardedJobChange =>
  (job) => {
    const current = stageOf(job, name);
    if (!current) return job;
    if (!sameCounting(current, seen)) return null;
    const done = Math.max(current.done, counts.done);
    const failed = Math.max(current.failed, counts.failed);
    const skipped = Math.max(current.skipped, counts.skipped);
    const moved = done !== current.done || failed !== current.failed || skipped !== current.skipped;
    const next = updateStage(job, name, (stage) => ({ ...stage, done, failed, skipped, recountEpoch: moved ? stage.recountEpoch + 1 : stage.recountEpoch }));
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
