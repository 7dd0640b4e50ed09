import { LibraryChange, LibraryChangedV1, RoutingKey } from '@mediaflow/contracts';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DerivativePurgeService } from './derivative-purge.service';
import { RenderCatalog } from './render-catalog';

/** A deleted library's derivatives go with it; other library changes mean nothing to a render worker. */
@Controller()
export class LibraryChangedHandler {
  constructor(
    private readonly purge: DerivativePurgeService,
    private readonly catalog: RenderCatalog,
  ) {}

  @EventPattern(RoutingKey.LibraryChanged)
  async handle(@Payload() change: LibraryChangedV1): Promise<void> {
    if (change.change !== LibraryChange.Deleted) return;
    this.catalog.forgetLibraryRoot(change.libraryId);
    await this.purge.purgeLibrary(change.libraryId);
  }
}
