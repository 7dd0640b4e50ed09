import { DerivativeKind } from '@mediaflow/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DerivativeStore } from '../derivative-store';
import { RenderCatalog } from './render-catalog';
import { RENDER_KIND, type RenderKind } from './render-worker.settings';

/**
 * Deletes this worker's kind of derivatives — files, then their `image_derivatives` records — when their
 * sources or library are gone. Both steps are idempotent, so a failure in between is mended by redelivery.
 */
@Injectable()
export class DerivativePurgeService {
  private readonly logger = new Logger(DerivativePurgeService.name);

  constructor(
    @Inject(RENDER_KIND) private readonly kind: RenderKind,
    private readonly store: DerivativeStore,
    private readonly catalog: RenderCatalog,
  ) {}

  async purgeImages(libraryId: string, imageIds: string[]): Promise<number> {
    let removed = 0;
    for (const imageId of imageIds) removed += await this.store.removeImage(this.kind, libraryId, imageId);
    const forgotten = await this.catalog.forgetImages(this.kind, libraryId, imageIds);
    if (this.ownsMetadata()) await this.catalog.forgetMetadata(libraryId, imageIds);
    this.logger.log(`purged ${removed} ${this.kind} file(s) and ${forgotten} record(s) of ${imageIds.length} image(s) of library ${libraryId}`);
    return removed;
  }

  async purgeLibrary(libraryId: string): Promise<void> {
    await this.store.removeLibrary(this.kind, libraryId);
    const forgotten = await this.catalog.forgetLibrary(this.kind, libraryId);
    if (this.ownsMetadata()) await this.catalog.forgetLibraryMetadata(libraryId);
    this.logger.log(`removed the ${this.kind} folder and ${forgotten} record(s) of deleted library ${libraryId}`);
  }

  /** The thumbnail-worker writes the image metadata (RenderRequestService), so it also deletes it. */
  private ownsMetadata(): boolean {
    return this.kind === DerivativeKind.Thumbnail;
  }
}
