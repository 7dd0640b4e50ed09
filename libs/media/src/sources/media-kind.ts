import type { MediaKind } from '@mediaflow/contracts';
import { extname } from 'node:path';

export type { MediaKind } from '@mediaflow/contracts';

const STILL = ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif'];
const HEIF = ['.heic', '.heif', '.hif'];
const RAW = ['.dng', '.cr2', '.cr3', '.nef', '.nrw', '.arw', '.raf', '.orf', '.rw2', '.pef', '.srw', '.x3f'];
const VIDEO = ['.mp4', '.mov', '.m4v', '.mkv', '.webm', '.avi', '.3gp', '.mts'];

const KIND_BY_EXTENSION: ReadonlyMap<string, MediaKind> = new Map<string, MediaKind>([
  ...STILL.map((ext): [string, MediaKind] => [ext, 'still']),
  ['.svg', 'svg'],
  ...HEIF.map((ext): [string, MediaKind] => [ext, 'heif']),
  ...RAW.map((ext): [string, MediaKind] => [ext, 'raw']),
  ...VIDEO.map((ext): [string, MediaKind] => [ext, 'video']),
]);

/** Every extension the pipeline indexes, lower-case with the dot. */
export const MEDIA_EXTENSIONS: ReadonlySet<string> = new Set(KIND_BY_EXTENSION.keys());

/**
 * How a source file is decoded (MediaKind, listed in contracts). Stills are decoded by sharp and identified from their bytes; the other
 * kinds need a tool sharp's prebuilt libvips lacks, chosen by extension (a RAW is usually a TIFF
 * inside, which sharp would happily decode as its tiny first IFD). A file whose bytes are not of its
 * kind fails in that kind's decoder with a reason.
 */
export function mediaKindOf(path: string): MediaKind {
  return KIND_BY_EXTENSION.get(extname(path).toLowerCase()) ?? 'still';
}
