import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

export const GENERATED_FORMATS = ['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif'] as const;
type Format = (typeof GENERATED_FORMATS)[number];

const EXTENSION: Record<Format, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', gif: 'gif', tiff: 'tif', avif: 'avif' };

export interface GeneratedLibrary {
  root: string;
  /** Relative paths of the images that must render. */
  valid: string[];
  /** Relative paths of files that must fail, with what is wrong with them. */
  bad: Array<{ relativePath: string; problem: 'corrupt' | 'truncated' | 'zero-byte' }>;
}

/** A distinct small image: the colour comes from the index, so every file has its own content. */
export async function imageBytes(format: Format, index: number, width = 48, height = 36): Promise<Buffer> {
  const background = { r: (index * 37) % 256, g: (index * 91) % 256, b: (index * 53) % 256 };
  const image = sharp({ create: { width, height, channels: 3, background } });
  if (format === 'jpeg') return image.jpeg({ quality: 80 }).toBuffer();
  if (format === 'png') return image.png().toBuffer();
  if (format === 'webp') return image.webp().toBuffer();
  if (format === 'gif') return image.gif().toBuffer();
  if (format === 'tiff') return image.tiff().toBuffer();
  return image.avif({ effort: 0 }).toBuffer();
}

/**
 * Nested folders (`<format>/batch-<n>/`) with `perFormat` images of every supported format, plus corrupt,
 * truncated and zero-byte files in a folder of their own.
 */
export async function generateLibrary(root: string, perFormat: number): Promise<GeneratedLibrary> {
  const valid: string[] = [];
  let index = 0;
  for (const format of GENERATED_FORMATS) {
    for (let n = 0; n < perFormat; n += 1) {
      const relativePath = path.posix.join(format, `batch-${Math.floor(n / 50)}`, `img-${n}.${EXTENSION[format]}`);
      await writeAt(root, relativePath, await imageBytes(format, (index += 1)));
      valid.push(relativePath);
    }
  }
  const jpeg = await imageBytes('jpeg', 9_999, 400, 300);
  const bad: GeneratedLibrary['bad'] = [
    { relativePath: 'broken/corrupt.jpg', problem: 'corrupt' },
    { relativePath: 'broken/truncated.jpg', problem: 'truncated' },
    { relativePath: 'broken/empty.png', problem: 'zero-byte' },
  ];
  await writeAt(root, 'broken/corrupt.jpg', Buffer.from('this is not an image, whatever its name says'.repeat(20)));
  await writeAt(root, 'broken/truncated.jpg', jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  await writeAt(root, 'broken/empty.png', Buffer.alloc(0));
  return { root, valid, bad };
}

export async function writeAt(root: string, relativePath: string, bytes: Buffer): Promise<void> {
  const target = path.join(root, relativePath);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, bytes);
}
