import { DerivativeKind } from '@mediaflow/contracts';
import { EventPublisher } from '@mediaflow/messaging';
import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { derivativeSpec } from '../derivative-spec';
import { DerivativeStore } from '../derivative-store';
import { DEFAULT_RENDER_LIMITS } from '../render-limits';
import { configureSharp } from '../sharp-settings';
import { ExiftoolReader } from '../sources/exiftool-reader';
import { SourceDecoder } from '../sources/source-decoder';
import { DerivativePurgeService } from './derivative-purge.service';
import { DerivativesPurgeRequestedHandler } from './derivatives-purge-requested.handler';
import { WorkInProgress } from './gathering-window';
import { ImageRenderer } from './image-renderer';
import { LibraryChangedHandler } from './library-changed.handler';
import { RenderCatalog } from './render-catalog';
import { RenderRequestService } from './render-request.service';
import { ReportBatcher } from './report-batcher';
import { CacheRequestedHandler, ThumbnailRequestedHandler } from './render-requested.handlers';
import { RENDER_KIND, RENDER_WORKER_SETTINGS, type RenderWorkerSettings } from './render-worker.settings';

/** The most item reports one job.items.reported message of a render worker carries. */
const REPORT_BATCH_MAX_ITEMS = 100;

export interface RenderWorkerModuleOptions extends Pick<ModuleMetadata, 'imports'> {
  kind: DerivativeKind;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- mirrors Nest's own FactoryProvider signature
  useFactory: (...args: any[]) => RenderWorkerSettings;
  inject?: Array<string | symbol | (abstract new (...args: never[]) => unknown)>;
}

/**
 * Everything a render worker does, for one derivative kind: the render request handler of that kind,
 * purges of deleted images, and removal of deleted libraries' folders. thumbnail-worker and
 * cache-worker are this module with their kind and settings. Needs the store and broker of the service kit.
 */
@Module({})
export class RenderWorkerModule {
  static forKindAsync(options: RenderWorkerModuleOptions): DynamicModule {
    const renderHandler = options.kind === DerivativeKind.Thumbnail ? ThumbnailRequestedHandler : CacheRequestedHandler;
    return {
      module: RenderWorkerModule,
      imports: options.imports ?? [],
      controllers: [renderHandler, DerivativesPurgeRequestedHandler, LibraryChangedHandler],
      providers: [
        { provide: RENDER_KIND, useValue: options.kind },
        { provide: RENDER_WORKER_SETTINGS, useFactory: options.useFactory, inject: options.inject ?? [] },
        {
          provide: DerivativeStore,
          useFactory: (settings: RenderWorkerSettings) => new DerivativeStore(settings.derivativesDir),
          inject: [RENDER_WORKER_SETTINGS],
        },
        {
          provide: ImageRenderer,
          useFactory: (settings: RenderWorkerSettings) => {
            configureSharp(settings.renderConcurrency);
            const spec = derivativeSpec(options.kind, { maxWidth: settings.maxSize, maxHeight: settings.maxSize, quality: settings.quality });
            const tools = { timeoutMs: settings.mediaToolTimeoutMs, memoryBytes: settings.mediaToolMemoryMb * 1024 * 1024 };
            const decoder = new SourceDecoder(new ExiftoolReader({ maxProcs: settings.renderConcurrency, timeoutMs: tools.timeoutMs }), tools);
            return new ImageRenderer(spec, { ...DEFAULT_RENDER_LIMITS, maxInputPixels: settings.maxInputPixels }, settings.renderConcurrency, decoder);
          },
          inject: [RENDER_WORKER_SETTINGS],
        },
        {
          provide: ReportBatcher,
          useFactory: (publisher: EventPublisher, settings: RenderWorkerSettings) =>
            new ReportBatcher(publisher, { lingerMs: settings.reportLingerMs, maxItems: REPORT_BATCH_MAX_ITEMS }),
          inject: [EventPublisher, RENDER_WORKER_SETTINGS],
        },
        { provide: WorkInProgress, useExisting: ReportBatcher },
        RenderCatalog,
        RenderRequestService,
        DerivativePurgeService,
      ],
      exports: [DerivativeStore],
    };
  }
}
