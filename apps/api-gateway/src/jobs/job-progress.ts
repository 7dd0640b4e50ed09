import { TERMINAL_JOB_STATUSES, type JobStatus } from '@mediaflow/contracts';

export interface StageCounts {
  total: number | null;
  totalKnown: boolean;
  done: number;
  failed: number;
  skipped: number;
}

export interface JobTiming {
  status: JobStatus;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface JobProgress {
  /** Items finished (done + failed + skipped) over all stages. */
  processed: number;
  /** Items still to do, when every stage's total is known; otherwise null. */
  remaining: number | null;
  /** Items per second over the job's running time (start to finish, or to now). */
  ratePerSecond: number | null;
  /** Seconds left at that rate; null while a total is unknown or nothing has moved; 0 once ended. */
  etaSeconds: number | null;
  /** When the job would finish at that rate. */
  etaAt: string | null;
}

const processedOf = (stage: StageCounts): number => stage.done + stage.failed + stage.skipped;

/** Rate and ETA of a job from its stage counts and timestamps. Pure, so it is tested without a clock. */
export function jobProgress(job: JobTiming, stages: readonly StageCounts[], now: Date): JobProgress {
  const processed = stages.reduce((sum, stage) => sum + processedOf(stage), 0);
  const allKnown = stages.every((stage) => stage.totalKnown && stage.total !== null);
  const remaining = allKnown ? stages.reduce((sum, stage) => sum + Math.max(0, (stage.total ?? 0) - processedOf(stage)), 0) : null;
  const terminal = TERMINAL_JOB_STATUSES.includes(job.status);

  const end = job.finishedAt ?? now;
  const elapsedSeconds = job.startedAt ? (end.getTime() - job.startedAt.getTime()) / 1000 : 0;
  const ratePerSecond = elapsedSeconds > 0 && processed > 0 ? round(processed / elapsedSeconds) : null;

  let etaSeconds: number | null = null;
  if (terminal) etaSeconds = 0;
  else if (remaining === 0) etaSeconds = 0;
  else if (remaining !== null && ratePerSecond) etaSeconds = Math.ceil(remaining / (processed / elapsedSeconds));
  const etaAt = !terminal && etaSeconds !== null ? new Date(now.getTime() + etaSeconds * 1000).toISOString() : null;

  return { processed, remaining, ratePerSecond, etaSeconds, etaAt };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
