import type { FailOnOptions, Metadata } from 'sharp';
import type { DerivativeSpec } from './derivative-spec';

/** Safety limits applied to every untrusted source image. */
export interface RenderLimits {
  /** Width x height above which a source is refused before decoding (decompression bombs), unless it shrinks on load. */
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

/** Formats whose decoder can shrink while decoding (libjpeg's DCT scaling by 2, 4 or 8; libwebp's scaled decode). */
const SHRINK_ON_LOAD_FORMATS: ReadonlySet<string> = new Set(['jpeg', 'webp']);
const MAX_SHRINK_ON_LOAD = 8;

/**
 * The pixel limit for one source and derivative: `maxInputPixels` of what is actually decoded. A JPEG or
 * WebP fitted into a box much smaller than itself is decoded already shrunk (sharp picks the factor), so
 * a 280-megapixel panorama costs what a 4-to-18-megapixel photo does and is accepted; the factor is
 * counted conservatively (a power of two at most half the fit's ratio, so sharp's own choice is never
 * smaller). Formats that cannot shrink on load (PNG, TIFF, GIF, AVIF...) are decoded whole and keep
 * the plain limit: a 65536x65536 PNG stays a refused bomb.
 */
export function decodeLimit(header: Pick<Metadata, 'format' | 'width' | 'height'>, spec: Pick<DerivativeSpec, 'maxWidth' | 'maxHeight'>, limits: RenderLimits): number {
  if (!SHRINK_ON_LOAD_FORMATS.has(String(header.format))) return limits.maxInputPixels;
  const ratio = Math.max(header.width / spec.maxWidth, header.height / spec.maxHeight); // fit inside: the larger side decides
  let shrink = 1;
  while (shrink * 2 <= Math.min(MAX_SHRINK_ON_LOAD, ratio / 2)) shrink *= 2;
  return limits.maxInputPixels * shrink * shrink;
}
