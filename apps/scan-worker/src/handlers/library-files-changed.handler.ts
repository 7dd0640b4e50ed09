import { RoutingKey, type LibraryFilesChangedV1 } from '@mediaflow/contracts';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { WatchSyncService } from '../watch/watch-sync.service';

@Controller()
export class LibraryFilesChangedHandler {
  constructor(private readonly watchSync: WatchSyncService) {}

  @EventPattern(RoutingKey.LibraryFilesChanged)
  async handle(@Payload() batch: LibraryFilesChangedV1): Promise<void> {
    await this.watchSync.apply(batch);
  }
}
