import { JobStatus, StageStatus, TERMINAL_JOB_STATUSES, type StageName } from '@mediaflow/contracts';
import type { ChildState, JobState, StageState } from './job-state';

export interface Derivation {
  job: JobState;
  /** Producer mistakes worth a log line (more items than the stage's total). */
  warnings: string[];
}

interface RolledUpStage {
  done: number;
  failed: number;
  skipped: number;
  total: number;
  /** Every child that has this stage knows its total. */
  totalKnown: boolean;
}

const ENDED_STAGE: readonly StageStatus[] = [StageStatus.Completed, StageStatus.CompletedWithErrors, StageStatus.Failed, StageStatus.Cancelled];
const STAGE_RANK: Record<StageStatus, number> = {
  [StageStatus.Pending]: 0,
  [StageStatus.Running]: 1,
  [StageStatus.Completed]: 2,
  [StageStatus.CompletedWithErrors]: 2,
  [StageStatus.Failed]: 2,
  [StageStatus.Cancelled]: 2,
};

export const isTerminal = (status: JobStatus): boolean => TERMINAL_JOB_STATUSES.includes(status);
export const stageEnded = (status: StageStatus): boolean => ENDED_STAGE.includes(status);
const processed = (stage: StageState): number => stage.done + stage.failed + stage.skipped;

/** Sums the children's stages by name: a parent's stage of that name is the sum of its children's. */
export function rollUpChildren(children: readonly ChildState[]): Map<StageName, RolledUpStage> {
  const sums = new Map<StageName, RolledUpStage>();
  for (const child of children) {
    for (const stage of child.stages) {
      const sum = sums.get(stage.name) ?? { done: 0, failed: 0, skipped: 0, total: 0, totalKnown: true };
      sum.done += stage.done;
      sum.failed += stage.failed;
      sum.skipped += stage.skipped;
      sum.total += stage.total ?? 0;
      sum.totalKnown &&= stage.totalKnown;
      sums.set(stage.name, sum);
    }
  }
  return sums;
}

/** A stage's status from its counts: ended once its total is known and reached. */
export function stageStatusFromCounts(stage: StageState): StageStatus {
  if (stage.totalKnown && stage.total !== null && processed(stage) >= stage.total) {
    return stage.failed > 0 ? StageStatus.CompletedWithErrors : StageStatus.Completed;
  }
  return processed(stage) > 0 || stage.totalKnown ? StageStatus.Running : StageStatus.Pending;
}

/** Statuses only move forward (pending → running → ended), whatever order events are folded in. */
function forward(current: StageStatus, next: StageStatus): StageStatus {
  return STAGE_RANK[next] > STAGE_RANK[current] ? next : current;
}

function withRollUp(stage: StageState, sum: RolledUpStage | undefined): StageState {
  if (!sum) return stage;
  return {
    ...stage,
    done: Math.max(stage.done, sum.done),
    failed: Math.max(stage.failed, sum.failed),
    skipped: Math.max(stage.skipped, sum.skipped),
    total: sum.totalKnown ? Math.max(stage.total ?? 0, sum.total) : stage.total,
    totalKnown: stage.totalKnown || sum.totalKnown,
  };
}

/**
 * The job's stages and status derived from its counts, its reports and its children. Pure: the
 * caller stores the result only if the job did not change meanwhile. A terminal job never changes.
 *
 * - A stage its children also have is rolled up (sum of theirs) and ends when every child has
 *   ended and the job's own stages (e.g. discover, which creates the children) have ended.
 * - Cancel beats failure beats completion; completion needs every stage and every child ended.
 * - A job is running once anything moved (a count, a known total, a child, or a claimed start).
 */
export function deriveJob(job: JobState, children: readonly ChildState[], now: Date): Derivation {
  if (isTerminal(job.status)) return { job, warnings: [] };
  const warnings: string[] = [];
  const sums = rollUpChildren(children);
  const childrenFinished = children.filter((child) => isTerminal(child.status)).length;
  const childrenUnclean = children.filter((child) => child.status === JobStatus.Failed || child.status === JobStatus.Cancelled).length;

  const counted = job.stages.map((stage) => withRollUp(stage, sums.get(stage.name)));
  for (const stage of counted) {
    if (stage.totalKnown && stage.total !== null && processed(stage) > stage.total) {
      warnings.push(`stage ${stage.name}: ${processed(stage)} items reported for a total of ${stage.total}; treated as complete`);
    }
  }
  const ownEnded = counted.filter((stage) => !sums.has(stage.name)).every((stage) => stageEnded(forward(stage.status, stageStatusFromCounts(stage))));
  const childrenSettled = childrenFinished === children.length && ownEnded;

  let stages = counted.map((stage): StageState => {
    if (!sums.has(stage.name)) return { ...stage, status: forward(stage.status, stageStatusFromCounts(stage)) };
    const fromCounts = stageStatusFromCounts(stage);
    const settled = stage.failed > 0 || childrenUnclean > 0 ? StageStatus.CompletedWithErrors : StageStatus.Completed;
    const next = childrenSettled ? settled : fromCounts === StageStatus.Pending ? StageStatus.Pending : StageStatus.Running;
    return { ...stage, status: forward(stage.status, next) };
  });

  let status: JobStatus;
  let reason: string | null = job.reason;
  if (job.cancelRequestedAt) {
    status = JobStatus.Cancelled;
    reason = job.reason ?? 'cancelled on request';
    stages = stages.map((stage) => (stageEnded(stage.status) ? stage : { ...stage, status: StageStatus.Cancelled }));
  } else if (job.reportedFailure) {
    status = JobStatus.Failed;
    reason = job.reportedFailure;
    stages = stages.map((stage) => (stageEnded(stage.status) ? stage : { ...stage, status: StageStatus.Failed }));
  } else if (stages.every((stage) => stageEnded(stage.status)) && childrenFinished === children.length) {
    const failedItems = stages.reduce((sum, stage) => sum + stage.failed, 0);
    const withErrors = failedItems > 0 || childrenUnclean > 0 || stages.some((stage) => stage.status !== StageStatus.Completed);
    status = withErrors ? JobStatus.CompletedWithErrors : JobStatus.Completed;
    reason = withErrors ? errorSummary(failedItems, childrenUnclean) : null;
  } else {
    const moved = stages.some((stage) => stage.status !== StageStatus.Pending) || children.length > 0;
    status = moved ? JobStatus.Running : job.status;
  }

  const terminal = isTerminal(status);
  return {
    job: {
      ...job,
      stages,
      status,
      reason,
      childrenTotal: children.length,
      childrenFinished,
      startedAt: job.startedAt ?? (status === JobStatus.Pending ? null : now),
      finishedAt: terminal ? now : job.finishedAt,
    },
    warnings,
  };
}

function errorSummary(failedItems: number, childrenUnclean: number): string {
  const parts: string[] = [];
  if (failedItems > 0) parts.push(`${failedItems} item${failedItems === 1 ? '' : 's'} failed`);
  if (childrenUnclean > 0) parts.push(`${childrenUnclean} child job${childrenUnclean === 1 ? '' : 's'} failed or cancelled`);
  return parts.join('; ');
}
