/**
 * Times the phases of one scan for its summary log line, so an operator sees where a slow scan spent its
 * time. A phase timed several times (once per folder) adds up.
 */
export class PhaseTimer {
  private readonly phases = new Map<string, number>();

  async time<T>(phase: string, work: () => Promise<T>): Promise<T> {
    const startedAt = performance.now();
    try {
      return await work();
    } finally {
      this.phases.set(phase, (this.phases.get(phase) ?? 0) + performance.now() - startedAt);
    }
  }

  /** "walk 12.3 s, counts 0.4 s": phases in the order they ran, in seconds. */
  toString(): string {
    return [...this.phases].map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`).join(', ');
  }
}
