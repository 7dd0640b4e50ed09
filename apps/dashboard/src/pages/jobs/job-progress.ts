import type { Stage } from '../../api/types';

export const processedOf = (stage: Stage): number => stage.done + stage.failed + stage.skipped;

/** Processed and total over all stages; total null while any stage's total is unknown. */
export function overallProgress(stages: Stage[]): { processed: number; total: number | null } {
  const processed = stages.reduce((sum, stage) => sum + processedOf(stage), 0);
  const known = stages.every((stage) => stage.total !== null);
  return { processed, total: known ? stages.reduce((sum, stage) => sum + (stage.total ?? 0), 0) : null };
}
