import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../duplicate-key';
import { Lease } from '../schemas/lease.schema';

/**
 * Time-limited ownership of a resource (one watcher per library) among replicas. Each call is a
 * single-document operation, and the caller passes `now`, so the clock stays injectable.
 *
 * On MongoDB a takeover race has one winner. FerretDB v1 (SQLite) applies a conditional update as
 * "find, then overwrite by _id", so racers may all be told yes; the document still ends with one
 * holder and only that one can renew. So callers renew well within the ttl and stop acting on the
 * resource as soon as a renewal is refused.
 */
@Injectable()
export class LeaseRepository {
  constructor(@InjectModel(Lease.name) private readonly leases: Model<Lease>) {}

  /** Takes the lease if it is free, expired, or already ours (then it is just extended). */
  async acquire(key: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    if (await this.renew(key, holder, ttlMs, now)) return true;
    try {
      // Matches only a missing or expired lease; a live one held by anyone makes the upsert try to
      // insert a second document with the same _id, which the store refuses with a duplicate key.
      await this.leases.updateOne(
        { _id: key, expiresAt: { $lte: now } },
        { $set: { holder, expiresAt: expiry(now, ttlMs), acquiredAt: now, renewedAt: now } },
        { upsert: true },
      );
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Extends a lease its holder still has; false once it expired, since someone may have taken it since. */
  async renew(key: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    const { matchedCount } = await this.leases.updateOne(
      { _id: key, holder, expiresAt: { $gt: now } },
      { $set: { expiresAt: expiry(now, ttlMs), renewedAt: now } },
    );
    return matchedCount === 1;
  }

  /** Gives the lease up at once, so another replica need not wait for it to expire. */
  async release(key: string, holder: string): Promise<boolean> {
    const { deletedCount } = await this.leases.deleteOne({ _id: key, holder });
    return deletedCount === 1;
  }

  /** How many live leases have a key starting with `prefix` (e.g. the replicas present). */
  async countLive(prefix: string, now: Date): Promise<number> {
    return this.leases.countDocuments({ _id: { $regex: `^${escapeRegExp(prefix)}` }, expiresAt: { $gt: now } });
  }

  /** Who holds the lease at `now`, or null when nobody does. */
  async holderOf(key: string, now: Date): Promise<string | null> {
    const lease = await this.leases.findOne({ _id: key, expiresAt: { $gt: now } }, { holder: 1 }).lean();
    return lease?.holder ?? null;
  }
}

function expiry(now: Date, ttlMs: number): Date {
  return new Date(now.getTime() + ttlMs);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
