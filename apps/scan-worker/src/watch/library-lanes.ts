/**
 * Runs work for one library after the previous work for that library ended, so the batches of a
 * library handled by this process never interleave. Lanes are dropped once idle.
 */
export class LibraryLanes {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(libraryId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(libraryId) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(libraryId, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(libraryId) === tail) this.tails.delete(libraryId);
    }
  }
}
