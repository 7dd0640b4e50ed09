import { stat } from 'node:fs/promises';
import sharp, { type Metadata, type Sharp, type SharpOptions } from 'sharp';
import type { DerivativeSpec } from './derivative-spec';
import { metadataFromExif } from './metadata/exif-metadata';
import { withTakenAtFallback, type MediaMetadata } from './metadata/media-metadata';
import { applyOrientation, swapsSides } from './orientation';
import { RenderError } from './render-error';
import { decodeLimit, type RenderLimits } from './render-limits';
import type { DecodedSource, SourceDecoder } from './sources/source-decoder';
import { isSupportedSourceFormat, mimeTypeOf, sourceFormatOf } from './supported-formats';

export interface RenderedDerivative {
  data: Buffer;
  width: number;
  height: number;
  bytes: number;
  /** Format of the source as decoded (see SUPPORTED_SOURCE_FORMATS; 'heif', 'raw' or 'video' for the tool-decoded kinds). */
  sourceFormat: string;
  /** What the index stores about the source, read on the way (docs/pipeline.md, "Metadata"). */
  metadata: MediaMetadata;
}

/**
 * Renders one derivative of an untrusted source file: auto-oriented (EXIF, HEIF transformations, the
 * RAW's or video's own orientation), converted to sRGB (the embedded ICC profile, if any, is honoured),
 * fitted inside the spec's box and never enlarged; only the first frame of an animation. HEIF, RAW and
 * video are turned into an image by `decoder` first. Throws RenderError, with a reason a person can
 * act on, for any input that cannot be rendered; other errors (e.g. out of memory) are not the image's
 * fault and propagate.
 */
export async function renderDerivative(sourcePath: string, spec: DerivativeSpec, limits: RenderLimits, decoder: SourceDecoder): Promise<RenderedDerivative> {
  const stats = await assertNonEmptyFile(sourcePath);
  const source = await decoder.decode(sourcePath, stats.size);
  const input: SharpOptions = { failOn: limits.failOn, pages: 1, sequentialRead: true };
  // The header alone, without the pixel limit, so a bomb is refused with its dimensions in the reason.
  const header = await run(() => sharp(source.input, { ...input, limitInputPixels: false }).metadata(), limits);
  const sourceFormat = assertRenderable(header, source, spec, limits);

  const pipeline = orient(sharp(source.input, { ...input, limitInputPixels: decodeLimit(header, spec, limits) }), source)
    .resize({ width: spec.maxWidth, height: spec.maxHeight, fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb');
  const { data, info } = await run(() => encode(pipeline, spec).toBuffer({ resolveWithObject: true }), limits);
  const metadata = withTakenAtFallback({ ...describe(header, source), ...displayedSize(header, source) }, stats.mtimeMs);
  return { data, width: info.width, height: info.height, bytes: data.length, sourceFormat, metadata };
}

function orient(pipeline: Sharp, source: DecodedSource): Sharp {
  return source.orientation === 'exif' ? pipeline.autoOrient() : applyOrientation(pipeline, source.orientation);
}

/** The decoder's metadata (HEIF, RAW, video), or the still's from the EXIF sharp read with the header. */
function describe(header: Metadata, source: DecodedSource): MediaMetadata {
  return source.metadata ?? metadataFromExif(header.exif, mimeTypeOf(sourceFormatOf(header)));
}

/** Width and height as displayed; a video's come from its stream (the poster frame is already upright). */
function displayedSize(header: Metadata, source: DecodedSource): Pick<MediaMetadata, 'width' | 'height'> {
  if (source.metadata?.mediaType === 'video' && source.metadata.width && source.metadata.height) {
    return { width: source.metadata.width, height: source.metadata.height };
  }
  if (source.orientation === 'exif') return { width: header.autoOrient.width, height: header.autoOrient.height };
  return swapsSides(source.orientation) ? { width: header.height, height: header.width } : { width: header.width, height: header.height };
}

function encode(pipeline: Sharp, spec: DerivativeSpec): Sharp {
  if (spec.format === 'webp') return pipeline.webp({ quality: spec.quality });
  // JPEG has no alpha: transparent areas become white rather than black.
  return pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: spec.quality, progressive: spec.progressive });
}

async function assertNonEmptyFile(sourcePath: string): Promise<{ size: number; mtimeMs: number }> {
  const stats = await stat(sourcePath).catch((error: unknown) => {
    throw new RenderError(`cannot read file: ${errorCode(error) ?? message(error)}`);
  });
  if (!stats.isFile()) throw new RenderError('not a supported image (not a regular file)');
  if (stats.size === 0) throw new RenderError('not a supported image (zero-byte file)');
  return stats;
}

function assertRenderable(header: Metadata, source: DecodedSource, spec: DerivativeSpec, limits: RenderLimits): string {
  const format = sourceFormatOf(header);
  // An SVG is rendered only from the bytes the SVG decoder read (never from a path librsvg could resolve references against).
  const allowed = source.format === 'svg' ? format === 'svg' : source.trusted || isSupportedSourceFormat(format);
  if (!allowed) throw new RenderError(`not a supported image (format ${format})`);
  const { width, height } = header;
  const limit = decodeLimit(header, spec, limits);
  if (width * height > limit) {
    throw new RenderError(`image too large: ${width}x${height} exceeds ${megapixels(limit)}${limit > limits.maxInputPixels ? ' even when shrunk on load' : ''}`);
  }
  // What a decoder made (a JPEG or PNG of a HEIF, a RAW preview, a video frame) is named after its source.
  return source.format ?? format;
}

/** Runs a sharp call and turns what it reports about the input into a RenderError. */
async function run<T>(call: () => Promise<T>, limits: RenderLimits): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toRenderError(error, limits);
  }
}

function toRenderError(error: unknown, limits: RenderLimits): Error {
  if (error instanceof RenderError) return error;
  const code = errorCode(error);
  if (code && /^E[A-Z]+$/.test(code)) return new RenderError(`cannot read file: ${code}`);
  const text = message(error);
  if (/unsupported image format/i.test(text)) return new RenderError('not a supported image (unrecognised format)');
  if (/pixel limit/i.test(text)) return new RenderError(`image too large: exceeds ${megapixels(limits.maxInputPixels)}`);
  if (/out of memory|cannot allocate/i.test(text)) return error instanceof Error ? error : new Error(text);
  return new RenderError(`corrupt or truncated image: ${firstLine(text)}`);
}

function megapixels(pixels: number): string {
  return `${Math.round((pixels / 1_000_000) * 100) / 100} megapixels`;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstLine(text: string): string {
  const line = text.split('\n').find((part) => part.trim().length > 0) ?? text;
  return line.trim().slice(0, 300);
}
