/** Times the phases of one scan for its summary log line, so an operator sees where a slow scan spent its time. */
export class PhaseTimer {
  private readonly phases: Array<[string, number]> = [];

  async time<T>(phase: string, work: () => Promise<T>): Promise<T> {
    const startedAt = performance.now();
    try {
      return await work();
    } finally {
      this.phases.push([phase, performance.now() - startedAt]);
    }
  }

  /** "walk 12.3 s, counts 0.4 s": phases in the order they ran, in seconds. */
  toString(): string {
    return this.phases.map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`).join(', ');
  }
}
