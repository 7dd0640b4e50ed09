import { LibraryStatus } from '@mediaflow/contracts';
import { Library, WatchStatus } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';

export interface WatchHealth {
  status: WatchStatus;
  reason: string | null;
}

/**
 * Writes a library's watch status, and `offline` when its root vanished. Writes only what differs from
 * what the library document last showed: on FerretDB an update rewrites the whole document, so every
 * needless write is a chance to undo a concurrent API edit (docs/watcher.md).
 */
@Injectable()
export class WatchStatusWriter {
  constructor(@InjectModel(Library.name) private readonly libraries: Model<Library>) {}

  /** Returns what the document now shows. */
  async setWatch(libraryId: string, shown: WatchHealth, next: WatchHealth): Promise<WatchHealth> {
    if (shown.status === next.status && shown.reason === next.reason) return shown;
    await this.libraries.updateOne({ _id: new Types.ObjectId(libraryId) }, { $set: { watchStatus: next.status, watchReason: next.reason } });
    return next;
  }

  /** The root is gone: offline with the reason. Nothing is deleted; the catch-up scan on its return brings it online. */
  async markOffline(libraryId: string, reason: string): Promise<void> {
    await this.libraries.updateOne(
      { _id: new Types.ObjectId(libraryId) },
      { $set: { status: LibraryStatus.Offline, statusReason: reason, watchStatus: WatchStatus.Degraded, watchReason: reason } },
    );
  }
}
