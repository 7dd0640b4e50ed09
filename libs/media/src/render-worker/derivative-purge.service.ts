import { Inject, Injectable, Logger } from '@nestjs/common';
import { DerivativeStore } from '../derivative-store';
import { RENDER_KIND, type RenderKind } from './render-worker.settings';

/** Deletes this worker's kind of derivative files when their sources or library are gone. */
@Injectable()
export class DerivativePurgeService {
  private readonly logger = new Logger(DerivativePurgeService.name);

  constructor(
    @Inject(RENDER_KIND) private readonly kind: RenderKind,
    private readonly store: DerivativeStore,
  ) {}

  async purgeImages(libraryId: string, imageIds: string[]): Promise<number> {
    let removed = 0;
    for (const imageId of imageIds) removed += await this.store.removeImage(this.kind, libraryId, imageId);
    this.logger.log(`purged ${removed} ${this.kind} file(s) of ${imageIds.length} image(s) of library ${libraryId}`);
    return removed;
  }

  async purgeLibrary(libraryId: string): Promise<void> {
    await this.store.removeLibrary(this.kind, libraryId);
    this.logger.log(`removed the ${this.kind} folder of deleted library ${libraryId}`);
  }
}
