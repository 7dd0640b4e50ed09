import { availableParallelism } from 'node:os';
import sharp from 'sharp';

/**
 * Process-wide sharp settings for a render worker.
 *
 * - The libvips operation cache is off: it speeds up repeated operations on the *same* input, but a
 *   worker never sees an input twice, so the cache would only hold memory (up to 50 MB by default).
 * - Images are rendered in parallel (up to `renderConcurrency`, see the render semaphore) rather than
 *   one image on every core: per-image threading has synchronisation overhead, while whole images in
 *   parallel scale almost linearly. So libvips gets cores / renderConcurrency threads per image,
 *   keeping the total near the core count; memory is bounded by renderConcurrency images in flight,
 *   each streamed (sequential read, shrink-on-load for JPEG) rather than fully decoded.
 */
export function configureSharp(renderConcurrency: number): { threadsPerImage: number } {
  const threadsPerImage = Math.max(1, Math.floor(availableParallelism() / Math.max(1, renderConcurrency)));
  sharp.cache(false);
  sharp.concurrency(threadsPerImage);
  return { threadsPerImage };
}
