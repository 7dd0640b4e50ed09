import { Counter } from 'prom-client';

// Module-level, like the messaging metrics: one registration per process whatever reports items.
const jobItemsCounter = new Counter({
  name: 'mediaflow_job_items_total',
  help: 'Items of job stages finished (discover: folders; thumbnail, cache: images), by stage and outcome, as reported to job-tracker. A redelivered request reports its item again; job counts come from the ledger, this is a rate.',
  labelNames: ['stage', 'outcome'],
});

/** Counts one published report's items (throughput for /metrics and the Grafana board). */
export function countReportedItems(stage: string, items: ReadonlyArray<{ outcome: string }>): void {
  const perOutcome = new Map<string, number>();
  for (const item of items) perOutcome.set(item.outcome, (perOutcome.get(item.outcome) ?? 0) + 1);
  perOutcome.forEach((count, outcome) => jobItemsCounter.inc({ stage, outcome }, count));
}
