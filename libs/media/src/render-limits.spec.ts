import { DEFAULT_RENDER_LIMITS, decodeLimit } from './render-limits';

const cache = { maxWidth: 1920, maxHeight: 1920 };
const thumbnail = { maxWidth: 320, maxHeight: 320 };
const limits = DEFAULT_RENDER_LIMITS;

describe(decodeLimit.name, () => {
  it('lets a 20000x14000 JPEG through for the cache image: it decodes shrunk by at least 4', () => {
    expect(decodeLimit({ format: 'jpeg', width: 20_000, height: 14_000 }, cache, limits)).toBe(limits.maxInputPixels * 16);
  });

  it('counts at most the 8x shrink libjpeg can do, for a thumbnail', () => {
    expect(decodeLimit({ format: 'jpeg', width: 20_000, height: 14_000 }, thumbnail, limits)).toBe(limits.maxInputPixels * 64);
  });

  it('treats WebP like JPEG', () => {
    expect(decodeLimit({ format: 'webp', width: 16_000, height: 16_000 }, cache, limits)).toBe(limits.maxInputPixels * 16);
  });

  it('keeps the plain limit for formats that decode whole, however much they would be shrunk', () => {
    for (const format of ['png', 'tiff', 'gif', 'heif']) {
      expect(decodeLimit({ format: format as 'png', width: 65_536, height: 65_536 }, thumbnail, limits)).toBe(limits.maxInputPixels);
    }
  });

  it('keeps the plain limit for a JPEG barely larger than its derivative', () => {
    expect(decodeLimit({ format: 'jpeg', width: 3000, height: 2000 }, cache, limits)).toBe(limits.maxInputPixels);
  });
});
