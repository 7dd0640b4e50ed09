import type { Types } from 'mongoose';
import type { SyncedCollection } from '../scan/library-counters.service';

type WriteCounters = (libraryId: Types.ObjectId, synced: readonly SyncedCollection[]) => Promise<void>;

interface Pending {
  libraryId: Types.ObjectId;
  /** Latest count per collection: a later batch's sync saw the folder later. */
  collections: Map<string, SyncedCollection>;
  waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
}

/**
 * Joins the counter writes of a library's batches that follow each other in a lane: a batch with more
 * batches queued behind it leaves its folders' counts to the last of them, which writes them all in one
 * go (one library-wide sum instead of one per batch). Each batch still waits until its counts are
 * written before it ends (and is acked), so a crash never loses them.
 */
export class DeferredCounters {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly write: WriteCounters) {}

  /** Records a batch's synced folders; resolves once a flush of the library has written them. */
  add(libraryId: Types.ObjectId, synced: readonly SyncedCollection[]): Promise<void> {
    const key = libraryId.toHexString();
    const pending: Pending = this.pending.get(key) ?? { libraryId, collections: new Map(), waiters: [] };
    this.pending.set(key, pending);
    for (const collection of synced) pending.collections.set(collection.collectionId.toHexString(), collection);
    const counted = new Promise<void>((resolve, reject) => pending.waiters.push({ resolve, reject }));
    // The batch awaits it after leaving the lane; a flush failing before then is not unhandled.
    counted.catch(() => undefined);
    return counted;
  }

  /** Writes what the library's batches left; their add() promises settle with the outcome. */
  async flush(libraryId: string): Promise<void> {
    const pending = this.pending.get(libraryId);
    if (!pending) return;
    this.pending.delete(libraryId);
    try {
      await this.write(pending.libraryId, [...pending.collections.values()]);
      pending.waiters.forEach((waiter) => waiter.resolve());
    } catch (error) {
      pending.waiters.forEach((waiter) => waiter.reject(error));
    }
  }
}
