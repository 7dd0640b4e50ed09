/** At most `permits` tasks run at once; the rest wait in arrival order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly permits: number) {
    if (!Number.isInteger(permits) || permits < 1) throw new Error(`Semaphore needs at least 1 permit, got ${permits}`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  get inUse(): number {
    return this.active;
  }

  private async acquire(): Promise<void> {
    if (this.active < this.permits) {
      this.active += 1;
      return;
    }
    // The permit is handed over by release(), so `active` does not change here.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}
