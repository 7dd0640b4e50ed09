import type { Tags } from 'exiftool-vendored';
import { metadataFromExiftool } from '../metadata/exiftool-metadata';
import { RenderError } from '../render-error';
import type { ExiftoolReader } from './exiftool-reader';
import { orientationOf } from './heif-source';
import type { DecodedSource } from './source-decoder';

/** Where cameras put their full-size or large JPEG preview (ThumbnailImage, 160x120, is too small to show). */
const PREVIEW_TAGS = ['JpgFromRaw', 'PreviewImage', 'OtherImage'] as const;

/**
 * A camera RAW rendered from the largest JPEG preview embedded in it, extracted by exiftool: demosaicing
 * the sensor data is a heavy job of its own, and the camera's preview is what it showed on its screen.
 * Oriented by the RAW's own Orientation tag (previews seldom carry one). No usable preview is a failure
 * that says so.
 */
export async function decodeRawPreview(sourcePath: string, exiftool: ExiftoolReader): Promise<DecodedSource> {
  const tags = await exiftool.read(sourcePath);
  const tag = largestPreview(tags);
  if (!tag) throw new RenderError('camera RAW without an embedded JPEG preview (no JpgFromRaw, PreviewImage or OtherImage)');
  const input = await exiftool.binaryTag(tag, sourcePath);
  if (input.length < 4 || input[0] !== 0xff || input[1] !== 0xd8) throw new RenderError(`camera RAW whose embedded ${tag} is not a JPEG`);
  return { input, orientation: orientationOf(tags), metadata: metadataFromExiftool(tags), trusted: true, format: 'raw' };
}

export function largestPreview(tags: Tags): string | null {
  let best: { tag: string; bytes: number } | null = null;
  for (const tag of PREVIEW_TAGS) {
    const bytes = binaryBytes((tags as Record<string, unknown>)[tag]);
    if (bytes > 0 && (!best || bytes > best.bytes)) best = { tag, bytes };
  }
  return best?.tag ?? null;
}

/** exiftool-vendored reports a binary tag as a BinaryField with its length, not its bytes. */
function binaryBytes(value: unknown): number {
  if (value && typeof value === 'object' && 'bytes' in value && typeof value.bytes === 'number') return value.bytes;
  if (typeof value === 'string') return Number(/Binary data (\d+) bytes/.exec(value)?.[1] ?? 0);
  return 0;
}
