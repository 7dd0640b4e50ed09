import { DerivativeKind, DerivativeState, ItemOutcome, StageName, type ItemReport, type RenderRequestedV1 } from '@mediaflow/contracts';
import { isDerivativeReadyFor } from '@mediaflow/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileExtension } from '../derivative-spec';
import { DerivativeStore } from '../derivative-store';
import { RenderError } from '../render-error';
import { ImageRenderer } from './image-renderer';
import { ReportBatcher } from './report-batcher';
import { RenderCatalog, type DerivativeRecord, type RenderImage } from './render-catalog';
import { RENDER_KIND, type RenderKind } from './render-worker.settings';

/**
 * One render request, as docs/pipeline.md ("Render") describes it: skip what is stale or already done,
 * otherwise render, store atomically, record the derivative, and report the item to its job.
 * Bad input is a `failed` item (acked, never retried); anything else throws so the message is retried.
 * The thumbnail-worker also records the metadata the render read (dimensions, date, camera, GPS,
 * duration): the thumbnail stage is the metadata stage (docs/pipeline.md, "Metadata").
 */
@Injectable()
export class RenderRequestService {
  private readonly logger = new Logger(RenderRequestService.name);

  constructor(
    @Inject(RENDER_KIND) private readonly kind: RenderKind,
    private readonly catalog: RenderCatalog,
    private readonly renderer: ImageRenderer,
    private readonly store: DerivativeStore,
    private readonly reports: ReportBatcher,
  ) {}

  /** Resolves once the item's report is published (gathered with the job's other items; see ReportBatcher), so the request is acked only then. */
  async handle(request: RenderRequestedV1): Promise<ItemReport> {
    return this.reports.report(request.jobId, this.stage(), () => this.process(request));
  }

  private async process(request: RenderRequestedV1): Promise<ItemReport> {
    const { imageId, fingerprint } = request;
    if (await this.catalog.isJobCancelled(request.jobId)) return skipped(imageId, 'job cancelled');

    const image = await this.catalog.findImage(imageId);
    if (!image || image.deleted || image.libraryId !== request.libraryId) return skipped(imageId, 'image no longer exists');
    if (image.fingerprint !== fingerprint) return skipped(imageId, 'stale request: the image changed since', image.relativePath);
    const reused = await this.reuseRendered(request, image);
    if (reused) return reused;

    const library = await this.catalog.findLibrary(request.libraryId);
    if (!library) return skipped(imageId, 'library no longer exists', image.relativePath);

    try {
      const sourcePath = sourcePathOf(library.rootPath, image.relativePath);
      const rendered = await this.renderer.render(sourcePath);
      const ext = fileExtension(this.renderer.spec.format);
      const path = await this.store.write(this.kind, request.libraryId, imageId, fingerprint, ext, rendered.data);
      if (this.kind === DerivativeKind.Thumbnail) await this.catalog.recordMetadata(image, fingerprint, rendered.metadata);
      const { bytes, width, height } = rendered;
      if (!(await this.record(image, fingerprint, derivativeRecord(DerivativeState.Ready, { path, bytes, width, height })))) {
        await this.store.remove(path);
        return skipped(imageId, 'stale request: the image changed while rendering', image.relativePath);
      }
      return done(image);
    } catch (error) {
      if (!(error instanceof RenderError)) throw error;
      return this.recordFailure(image, fingerprint, error.message);
    }
  }

  private async recordFailure(image: RenderImage, fingerprint: string, reason: string): Promise<ItemReport> {
    if (!(await this.record(image, fingerprint, derivativeRecord(DerivativeState.Failed, { reason })))) {
      return skipped(image.id, 'stale request: the image changed while rendering', image.relativePath);
    }
    this.logger.warn(`${this.kind} of ${image.relativePath} failed: ${reason}`);
    return { itemId: image.id, outcome: ItemOutcome.Failed, path: image.relativePath, reason };
  }

  /**
   * A derivative of the requested fingerprint on disk is this job's work done, whoever rendered it (files are
   * renamed into place complete, at a path named by the fingerprint): after a worker crash, the redelivered
   * requests find the files it wrote (docs/pipeline.md, "Counts"). Its record says so already ("already up to
   * date"), or it is recorded again (the worker stopped between the rename and the record, or a render of an
   * older fingerprint finished last: "already rendered"). Null when there is nothing to reuse, or the
   * thumbnail-worker owes the metadata, which only a render reads. A new or changed image has no such file,
   * so its render costs a stat here and no store read.
   */
  private async reuseRendered(request: RenderRequestedV1, image: RenderImage): Promise<ItemReport | null> {
    const { imageId, fingerprint } = request;
    const onDisk = await this.renderedFile(request);
    if (!onDisk || (await this.metadataOwed(imageId, fingerprint))) return null;
    const recorded = await this.catalog.findDerivative(imageId, this.kind);
    if (isDerivativeReadyFor(recorded, fingerprint) && recorded?.path === onDisk.path) return done(image, 'already up to date');
    return (await this.restoreLostRecord(image, fingerprint, onDisk)) ? done(image, 'already rendered') : null;
  }

  /**
   * The thumbnail-worker owes the image its metadata when none was recorded for this content (a thumbnail
   * rendered before metadata existed, or a worker stopped between the two writes): it renders again, since
   * the metadata is read by the render.
   */
  private async metadataOwed(imageId: string, fingerprint: string): Promise<boolean> {
    if (this.kind !== DerivativeKind.Thumbnail) return false;
    return (await this.catalog.metadataFingerprint(imageId)) !== fingerprint;
  }

  /**
   * Width and height are not known without decoding the file, so they stay null. False when the image
   * changed meanwhile (then it is rendered, and found stale, like any other request of old content).
   */
  private async restoreLostRecord(image: RenderImage, fingerprint: string, file: { path: string; bytes: number }): Promise<boolean> {
    return this.record(image, fingerprint, derivativeRecord(DerivativeState.Ready, file));
  }

  /**
   * Records the derivative and, when the image still has this content, removes the file of the record it
   * replaced; false when the image changed or went meanwhile (the write was undone).
   */
  private async record(image: RenderImage, fingerprint: string, record: DerivativeRecord): Promise<boolean> {
    const recorded = await this.catalog.recordDerivative(image, fingerprint, this.kind, record);
    if (recorded.current) await this.removeSuperseded(recorded.replacedPath);
    return recorded.current;
  }

  /** The derivative file of this request's fingerprint, when one is on disk. */
  private async renderedFile({ libraryId, imageId, fingerprint }: RenderRequestedV1): Promise<{ path: string; bytes: number } | null> {
    const path = this.store.relativePathFor(this.kind, libraryId, imageId, fingerprint, fileExtension(this.renderer.spec.format));
    const bytes = await this.store.sizeOf(path);
    return bytes === null ? null : { path, bytes };
  }

  /** The file of the image's previous source version; best effort, the cleanup job catches what this misses. */
  private async removeSuperseded(previousPath: string | null): Promise<void> {
    if (!previousPath) return;
    try {
      await this.store.remove(previousPath);
    } catch (error) {
      this.logger.warn(`could not remove superseded derivative ${previousPath}: ${String(error)}`);
    }
  }

  private stage(): StageName {
    return STAGE_OF_KIND[this.kind];
  }
}

const STAGE_OF_KIND: Record<RenderKind, StageName> = {
  [DerivativeKind.Thumbnail]: StageName.Thumbnail,
  [DerivativeKind.Cache]: StageName.Cache,
};

function done(image: RenderImage, reason?: string): ItemReport {
  return { itemId: image.id, outcome: ItemOutcome.Done, path: image.relativePath, ...(reason ? { reason } : {}) };
}

function skipped(itemId: string, reason: string, path?: string): ItemReport {
  return { itemId, outcome: ItemOutcome.Skipped, reason, ...(path ? { path } : {}) };
}

function derivativeRecord(state: DerivativeState, fields: Partial<Omit<DerivativeRecord, 'state'>>): DerivativeRecord {
  return {
    state,
    reason: fields.reason ?? null,
    path: fields.path ?? null,
    bytes: fields.bytes ?? null,
    width: fields.width ?? null,
    height: fields.height ?? null,
  };
}

/** The source file: the library root joined with the image's stored path, which must stay inside the root. */
export function sourcePathOf(rootPath: string, relativePath: string): string {
  const root = resolve(rootPath);
  const source = resolve(root, relativePath);
  const inside = relative(root, source);
  if (isAbsolute(relativePath) || inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw new RenderError(`cannot read file: path ${JSON.stringify(relativePath)} is outside the library root`);
  }
  return source;
}
