import type { DerivativeSpec } from '../derivative-spec';
import { renderDerivative, type RenderedDerivative } from '../render-derivative';
import type { RenderLimits } from '../render-limits';
import { Semaphore } from '../semaphore';

/**
 * The worker's sharp adapter: renders its one kind of derivative, at most `concurrency` at a time per
 * process. Why a semaphore rather than only the broker prefetch: prefetch (AMQP_PREFETCH) also bounds
 * the cheap work — lookups and "already up to date" skips, the bulk of a re-scan — which should run
 * wide, while decoding is CPU and memory heavy and must stay near the core count.
 */
export class ImageRenderer {
  private readonly slots: Semaphore;

  constructor(
    readonly spec: DerivativeSpec,
    private readonly limits: RenderLimits,
    concurrency: number,
  ) {
    this.slots = new Semaphore(concurrency);
  }

  async render(sourcePath: string): Promise<RenderedDerivative> {
    return this.slots.run(() => renderDerivative(sourcePath, this.spec, this.limits));
  }
}
