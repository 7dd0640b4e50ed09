import type { Tags } from 'exiftool-vendored';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metadataFromExiftool } from '../metadata/exiftool-metadata';
import { num } from '../metadata/media-metadata';
import { RenderError } from '../render-error';
import type { ExiftoolReader } from './exiftool-reader';
import { runTool, type ToolLimits } from './external-tool';
import type { DecodedSource } from './source-decoder';

/**
 * A HEIC/HEIF decoded by the system's libheif (`heif-convert`, Debian's libheif-examples) in its own
 * process, bounded in time and memory, into a JPEG of quality 92 that sharp then resizes (the
 * derivatives are lossy and far smaller, so the intermediate costs nothing visible). Why not libheif
 * compiled to WebAssembly: see docs/architecture.md ("Media decoders"), measured on 12-megapixel files.
 *
 * Orientation: libheif applies the HEIF transformations (irot, imir) while decoding. When the file has
 * them, its EXIF Orientation describes the same turn (the HEIF spec makes irot/imir authoritative) and
 * is not applied again; without them, the EXIF Orientation is honoured (encoders such as Debian's
 * heif-enc 1.15 copy it from the JPEG they encode and write no irot).
 */
export async function decodeHeif(sourcePath: string, exiftool: ExiftoolReader, limits: ToolLimits): Promise<DecodedSource> {
  const tags = await exiftool.read(sourcePath);
  const dir = await mkdtemp(join(tmpdir(), 'mediaflow-heif-'));
  try {
    const output = join(dir, 'decoded.jpg');
    await runTool('heif-convert', ['--quiet', '-q', '92', sourcePath, output], limits, 64 * 1024);
    const input = await readFile(output).catch(() => {
      throw new RenderError('heif-convert wrote no image');
    });
    return { input, orientation: hasHeifTransform(tags) ? 1 : orientationOf(tags), metadata: metadataFromExiftool(tags), trusted: true, format: 'heif' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function hasHeifTransform(tags: Tags): boolean {
  const record = tags as Record<string, unknown>;
  const rotation = record.Rotation;
  const rotated = rotation !== undefined && rotation !== 0 && rotation !== '0' && rotation !== 'Horizontal (normal)';
  return rotated || record.Mirroring !== undefined;
}

export function orientationOf(tags: Tags): number {
  const orientation = num(tags.Orientation);
  return orientation !== null && orientation >= 1 && orientation <= 8 ? orientation : 1;
}
