import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

/** Real image files, made by sharp, for tests. Each returns the absolute path it wrote. */
export class ImageFixtures {
  constructor(private readonly dir: string) {}

  async jpeg(name: string, width: number, height: number, options: { orientation?: number } = {}): Promise<string> {
    let image = sharp({ create: { width, height, channels: 3, background: '#3366cc', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).jpeg({ quality: 90 });
    if (options.orientation) image = image.withMetadata({ orientation: options.orientation });
    return this.save(name, await image.toBuffer());
  }

  async png(name: string, width: number, height: number): Promise<string> {
    return this.save(name, await sharp({ create: { width, height, channels: 4, background: { r: 0, g: 200, b: 0, alpha: 0.5 } } }).png().toBuffer());
  }

  async webp(name: string, width: number, height: number): Promise<string> {
    return this.save(name, await sharp({ create: { width, height, channels: 3, background: '#aa0000' } }).webp().toBuffer());
  }

  async tiff(name: string, width: number, height: number): Promise<string> {
    return this.save(name, await sharp({ create: { width, height, channels: 3, background: '#888800' } }).tiff().toBuffer());
  }

  async avif(name: string, width: number, height: number): Promise<string> {
    return this.save(name, await sharp({ create: { width, height, channels: 3, background: '#008888' } }).avif({ effort: 0 }).toBuffer());
  }

  /** An animated GIF whose frames are red, green, blue (in that order), each `size` x `size`. */
  async animatedGif(name: string, size: number): Promise<string> {
    const colours = [
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
    ];
    const frame = size * size * 3;
    const raw = Buffer.alloc(frame * colours.length);
    colours.forEach(([r, g, b], index) => {
      for (let offset = index * frame; offset < (index + 1) * frame; offset += 3) raw.set([r ?? 0, g ?? 0, b ?? 0], offset);
    });
    const gif = await sharp(raw, { raw: { width: size, height: size * colours.length, channels: 3, pageHeight: size } }).gif({ loop: 0, delay: [100] }).toBuffer();
    return this.save(name, gif);
  }

  /** The first `fraction` of a valid JPEG's bytes. */
  async truncatedJpeg(name: string, width: number, height: number, fraction = 0.5): Promise<string> {
    const whole = await sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).jpeg().toBuffer();
    return this.save(name, whole.subarray(0, Math.floor(whole.length * fraction)));
  }

  async bytes(name: string, data: Buffer | string): Promise<string> {
    return this.save(name, typeof data === 'string' ? Buffer.from(data) : data);
  }

  private async save(name: string, data: Buffer): Promise<string> {
    const path = join(this.dir, name);
    await writeFile(path, data);
    return path;
  }
}
