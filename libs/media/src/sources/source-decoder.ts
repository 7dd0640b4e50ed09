import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { RenderError } from '../render-error';
import type { MediaMetadata } from '../metadata/media-metadata';
import type { ExiftoolReader } from './exiftool-reader';
import { decodeHeif } from './heif-source';
import { mediaKindOf } from './media-kind';
import { decodeRawPreview } from './raw-source';
import type { ToolLimits } from './external-tool';
import { decodeVideoPoster } from './video-source';

/**
 * What sharp renders for one source file: the file itself (stills, decoded by sharp from their bytes) or
 * an image a tool made of it (a HEIF decoded by libheif, a RAW's embedded preview, a video's poster frame).
 */
export interface DecodedSource {
  input: string | Buffer;
  /** 'exif': sharp orients from the input's own EXIF; a number: the EXIF orientation (1-8) to apply, from the source file. */
  orientation: 'exif' | number;
  /** Metadata the decoder read; null for sharp's own inputs, whose EXIF comes with sharp's header read. */
  metadata: MediaMetadata | null;
  /** The input is an image a tool made (a frame, a preview), so sharp's format allowlist does not apply. */
  trusted: boolean;
  /** The source's format when it is not the input's ('heif', 'raw', 'video'). */
  format?: string;
}

/** An SVG is text a person could make enormous; this much is far beyond any real drawing. */
const MAX_SVG_BYTES = 16 * 1024 * 1024;

/** The decoders of the kinds sharp cannot read alone, with the tools and limits they run under. */
export class SourceDecoder {
  constructor(
    private readonly exiftool: ExiftoolReader,
    private readonly limits: ToolLimits,
  ) {}

  async decode(sourcePath: string, size: number): Promise<DecodedSource> {
    switch (mediaKindOf(sourcePath)) {
      case 'heif':
        return decodeHeif(sourcePath, this.exiftool, this.limits);
      case 'raw':
        return decodeRawPreview(sourcePath, this.exiftool);
      case 'video':
        return decodeVideoPoster(sourcePath, this.limits, videoMimeType(sourcePath));
      case 'svg':
        return this.svg(sourcePath, size);
      default:
        return { input: sourcePath, orientation: 'exif', metadata: null, trusted: false };
    }
  }

  async end(): Promise<void> {
    await this.exiftool.end();
  }

  /**
   * Given to sharp as bytes, not a path: librsvg then has no base location, so it resolves no relative
   * or file: reference, and it never fetches over the network. An SVG renders from what it holds alone.
   */
  private async svg(sourcePath: string, size: number): Promise<DecodedSource> {
    if (size > MAX_SVG_BYTES) throw new RenderError(`SVG too large: ${size} bytes exceeds ${MAX_SVG_BYTES}`);
    return { input: await readFile(sourcePath), orientation: 1, metadata: null, trusted: false, format: 'svg' };
  }
}

const VIDEO_MIME_TYPES: Readonly<Record<string, string>> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/x-m4v',
  '.mov': 'video/quicktime',
  '.mkv': 'video/x-matroska',
  '.webm': 'video/webm',
  '.avi': 'video/x-msvideo',
  '.3gp': 'video/3gpp',
  '.mts': 'video/mp2t',
};

function videoMimeType(path: string): string | null {
  return VIDEO_MIME_TYPES[extname(path).toLowerCase()] ?? null;
}
