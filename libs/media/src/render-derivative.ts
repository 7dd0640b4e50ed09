import { stat } from 'node:fs/promises';
import sharp, { type Metadata, type Sharp, type SharpOptions } from 'sharp';
import type { DerivativeSpec } from './derivative-spec';
import { RenderError } from './render-error';
import type { RenderLimits } from './render-limits';
import { isSupportedSourceFormat, sourceFormatOf } from './supported-formats';

export interface RenderedDerivative {
  data: Buffer;
  width: number;
  height: number;
  bytes: number;
  /** Format of the source as decoded (see SUPPORTED_SOURCE_FORMATS). */
  sourceFormat: string;
}

/**
 * Renders one derivative of an untrusted source file: auto-oriented from EXIF, converted to sRGB (the
 * embedded ICC profile, if any, is honoured), fitted inside the spec's box and never enlarged; only the
 * first frame of an animation. Throws RenderError, with a reason a person can act on, for any input
 * that cannot be rendered; other errors (e.g. out of memory) are not the image's fault and propagate.
 */
export async function renderDerivative(sourcePath: string, spec: DerivativeSpec, limits: RenderLimits): Promise<RenderedDerivative> {
  await assertNonEmptyFile(sourcePath);
  const input: SharpOptions = {
    failOn: limits.failOn,
    limitInputPixels: limits.maxInputPixels,
    pages: 1,
    sequentialRead: true,
  };
  // The header alone, without the pixel limit, so a bomb is refused with its dimensions in the reason.
  const metadata = await run(() => sharp(sourcePath, { ...input, limitInputPixels: false }).metadata(), limits);
  const sourceFormat = assertRenderable(metadata, limits);

  const pipeline = sharp(sourcePath, input)
    .autoOrient()
    .resize({ width: spec.maxWidth, height: spec.maxHeight, fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb');
  const { data, info } = await run(() => encode(pipeline, spec).toBuffer({ resolveWithObject: true }), limits);
  return { data, width: info.width, height: info.height, bytes: data.length, sourceFormat };
}

function encode(pipeline: Sharp, spec: DerivativeSpec): Sharp {
  if (spec.format === 'webp') return pipeline.webp({ quality: spec.quality });
  // JPEG has no alpha: transparent areas become white rather than black.
  return pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: spec.quality, progressive: spec.progressive });
}

async function assertNonEmptyFile(sourcePath: string): Promise<void> {
  const stats = await stat(sourcePath).catch((error: unknown) => {
    throw new RenderError(`cannot read file: ${errorCode(error) ?? describe(error)}`);
  });
  if (!stats.isFile()) throw new RenderError('not a supported image (not a regular file)');
  if (stats.size === 0) throw new RenderError('not a supported image (zero-byte file)');
}

function assertRenderable(metadata: Metadata, limits: RenderLimits): string {
  const format = sourceFormatOf(metadata);
  if (!isSupportedSourceFormat(format)) throw new RenderError(`not a supported image (format ${format})`);
  const { width, height } = metadata;
  if (width * height > limits.maxInputPixels) {
    throw new RenderError(`image too large: ${width}x${height} exceeds ${megapixels(limits.maxInputPixels)}`);
  }
  return format;
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
  const message = describe(error);
  if (/unsupported image format/i.test(message)) return new RenderError('not a supported image (unrecognised format)');
  if (/pixel limit/i.test(message)) return new RenderError(`image too large: exceeds ${megapixels(limits.maxInputPixels)}`);
  if (/out of memory|cannot allocate/i.test(message)) return error instanceof Error ? error : new Error(message);
  return new RenderError(`corrupt or truncated image: ${firstLine(message)}`);
}

function megapixels(pixels: number): string {
  return `${Math.round((pixels / 1_000_000) * 100) / 100} megapixels`;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstLine(message: string): string {
  const line = message.split('\n').find((part) => part.trim().length > 0) ?? message;
  return line.trim().slice(0, 300);
}
