import type { OnModuleDestroy } from '@nestjs/common';
import type { DerivativeSpec } from '../derivative-spec';
import { renderDerivative, type RenderedDerivative } from '../render-derivative';
import type { RenderLimits } from '../render-limits';
import { Semaphore } from '../semaphore';
import type { SourceDecoder } from '../sources/source-decoder';

/**
 * The worker's sharp adapter: renders its one kind of derivative, at most `concurrency` at a time per
 * process. Why a semaphore rather than only the broker prefetch: prefetch (AMQP_PREFETCH) also bounds
 * the cheap work — lookups and "already up to date" skips, the bulk of a re-scan — which should run
 * wide, while decoding is CPU and memory heavy and must stay near the core count. The decoder's tools
 * (ffmpeg, heif-convert, exiftool) run inside the same slots, so they are bounded the same way.
 */
export class ImageRenderer implements OnModuleDestroy {
  private readonly slots: Semaphore;

  constructor(
    readonly spec: DerivativeSpec,
    private readonly limits: RenderLimits,
    concurrency: number,
    private readonly decoder: SourceDecoder,
  ) {
    this.slots = new Semaphore(concurrency);
  }

  async render(sourcePath: string): Promise<RenderedDerivative> {
    return this.slots.run(() => renderDerivative(sourcePath, this.spec, this.limits, this.decoder));
  }

  /** Ends the exiftool processes, so the worker exits promptly. */
  async onModuleDestroy(): Promise<void> {
    await this.decoder.end();
  }
}
