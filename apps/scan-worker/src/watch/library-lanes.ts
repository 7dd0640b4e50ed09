/**
 * Runs work for one library after the previous work for that library ended, so the batches of a
 * library handled by this process never interleave. Lanes are dropped once idle.
 */
export class LibraryLanes {
  private readonly tails = new Map<string, Promise<unknown>>();
  /** Work entered per library and not yet ended (the running one included). */
  private readonly entered = new Map<string, number>();

  async run<T>(libraryId: string, work: () => Promise<T>): Promise<T> {
    this.entered.set(libraryId, (this.entered.get(libraryId) ?? 0) + 1);
    const previous = this.tails.get(libraryId) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(libraryId, tail);
    try {
      return await result;
    } finally {
      const left = (this.entered.get(libraryId) ?? 1) - 1;
      if (left > 0) this.entered.set(libraryId, left);
      else this.entered.delete(libraryId);
      if (this.tails.get(libraryId) === tail) this.tails.delete(libraryId);
    }
  }

  /** How much work waits behind the running one of the library (called from inside the running one). */
  queuedBehind(libraryId: string): number {
    return Math.max(0, (this.entered.get(libraryId) ?? 0) - 1);
  }
}
