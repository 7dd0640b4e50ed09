import type { Metadata } from 'sharp';

/**
 * Source formats we render, as sharp's decoders name them (decided from the file's bytes, never its
 * extension). AVIF is decoded by the HEIF loader: it reports format 'heif' with compression 'av1';
 * HEIC (compression 'hevc') is not supported by sharp's prebuilt libvips: it goes through sources/heif-source.ts.
 */
export const SUPPORTED_SOURCE_FORMATS: readonly string[] = ['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif'];

const MIME_TYPES: Readonly<Record<string, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  tiff: 'image/tiff',
  avif: 'image/avif',
  svg: 'image/svg+xml',
};

/** The MIME type of a still decoded by sharp, by its format name. */
export function mimeTypeOf(format: string): string | null {
  return MIME_TYPES[format] ?? null;
}

/** The format name we use for a decoded source: sharp's, with AVIF told apart from other HEIF. */
export function sourceFormatOf(metadata: Pick<Metadata, 'format' | 'compression'>): string {
  if (metadata.format === 'heif') return metadata.compression === 'av1' ? 'avif' : 'heif';
  return String(metadata.format);
}

export function isSupportedSourceFormat(format: string): boolean {
  return SUPPORTED_SOURCE_FORMATS.includes(format);
}
