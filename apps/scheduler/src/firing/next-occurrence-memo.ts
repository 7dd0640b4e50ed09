import type { NextOccurrence } from '@mediaflow/persistence';
import { LRUCache } from 'lru-cache';

/** Plans kept: far more than the schedules one store holds, so a tick never evicts a plan it reads again. */
const MAX_PLANS = 10_000;

/**
 * Remembers next occurrences, keyed by everything they are computed from (cron, zone and instant), so a
 * remembered answer is never stale. Each tick (once a second) plans every schedule whose firing state was
 * not planned under its current timing yet: one never fired (a nightly system schedule waits a day for
 * its first run) or one just edited. Planning costs about 1.5 ms (time zone checks, the zone's offsets,
 * cron-parser), which made an idle scheduler the busiest service of an idle stack.
 */
export class NextOccurrenceMemo {
  private readonly plans = new LRUCache<string, { at: number | null }>({ max: MAX_PLANS });

  constructor(private readonly compute: NextOccurrence) {}

  readonly next: NextOccurrence = (cron, timezone, after) => {
    const key = `${cron}\u0000${timezone}\u0000${after.getTime()}`;
    let plan = this.plans.get(key);
    if (plan === undefined) {
      plan = { at: this.compute(cron, timezone, after)?.getTime() ?? null };
      this.plans.set(key, plan);
    }
    // A new Date each time: callers own what they are given.
    return plan.at === null ? null : new Date(plan.at);
  };
}
