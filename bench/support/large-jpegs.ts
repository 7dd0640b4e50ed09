import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

/**
 * `count` distinct camera-like JPEGs (12 MP, 4000x3000, unless `size` says otherwise): one noisy base image
 * (noise compresses and decodes like a photo, unlike a flat colour), made distinct by a JPEG comment
 * segment right after SOI, so each has its own fingerprint without encoding 500 images.
 */
export async function writeLargeJpegs(root: string, count: number, perFolder = 100, size = { width: 4000, height: 3000 }): Promise<string[]> {
  const base = await sharp({
    create: { ...size, channels: 3, background: { r: 90, g: 120, b: 150 }, noise: { type: 'gaussian', mean: 128, sigma: 20 } },
  })
    .jpeg({ quality: 88 })
    .toBuffer();
  const files: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const relativePath = path.posix.join(`roll-${Math.floor(n / perFolder)}`, `DSC_${String(n).padStart(4, '0')}.jpg`);
    await mkdir(path.join(root, path.dirname(relativePath)), { recursive: true });
    await writeFile(path.join(root, relativePath), withComment(base, `mediaflow bench image ${n}`));
    files.push(relativePath);
  }
  return files;
}

function withComment(jpeg: Buffer, text: string): Buffer {
  const body = Buffer.from(text, 'latin1');
  const segment = Buffer.alloc(4 + body.length);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(body.length + 2, 2);
  body.copy(segment, 4);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}
