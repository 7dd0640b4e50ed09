import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { WatcherEnv } from '../config/watcher.env';

/** This process's name in the leases. */
export class ReplicaIdentity {
  readonly id: string;

  constructor(env: WatcherEnv) {
    this.id = env.WATCHER_REPLICA_ID ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  }
}

export const PRESENCE_PREFIX = 'watcher-replica:';
export const libraryLeaseKey = (libraryId: string): string => `watch:${libraryId}`;
