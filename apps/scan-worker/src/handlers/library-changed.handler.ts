import { LibraryChange, RoutingKey, type LibraryChangedV1 } from '@mediaflow/contracts';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { LibraryDeletionService } from '../library/library-deletion.service';

/** Only deletions concern the scan-worker; edits take effect at the next scan. */
@Controller()
export class LibraryChangedHandler {
  constructor(private readonly deletions: LibraryDeletionService) {}

  @EventPattern(RoutingKey.LibraryChanged)
  async handle(@Payload() change: LibraryChangedV1): Promise<void> {
    if (change.change === LibraryChange.Deleted) await this.deletions.deleteContents(change.libraryId);
  }
}
