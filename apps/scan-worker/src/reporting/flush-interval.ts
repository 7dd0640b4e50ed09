/**
 * Whether `intervalMs` has passed since a gatherer last flushed (or was made), on the gatherer's own clock.
 * The scan's gatherers (discover items, the files-found chart) flush when full or at most this far apart.
 */
export class FlushInterval {
  private startedAt: number;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number,
  ) {
    this.startedAt = now();
  }

  get hasPassed(): boolean {
    return this.now() - this.startedAt >= this.intervalMs;
  }

  /** Starts the next interval now (at a flush) and returns when. */
  restart(): number {
    this.startedAt = this.now();
    return this.startedAt;
  }
}
