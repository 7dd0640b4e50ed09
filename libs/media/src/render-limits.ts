import type { FailOnOptions } from 'sharp';

/** Safety limits applied to every untrusted source image. */
export interface RenderLimits {
  /** Width x height above which a source is refused before decoding (decompression bombs). */
  maxInputPixels: number;
  /**
   * How strict decoding is. 'error' refuses truncated and corrupt pixel data; 'warning' would also
   * refuse the harmless libjpeg warnings many camera files carry, so it fails good photos.
   */
  failOn: FailOnOptions;
}

export const DEFAULT_RENDER_LIMITS: Readonly<RenderLimits> = {
  maxInputPixels: 100_000_000,
  failOn: 'error',
};
