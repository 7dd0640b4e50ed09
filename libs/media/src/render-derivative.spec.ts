import { DerivativeKind } from '@mediaflow/contracts';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { derivativeSpec } from './derivative-spec';
import { renderDerivative } from './render-derivative';
import { RenderError } from './render-error';
import { DEFAULT_RENDER_LIMITS } from './render-limits';
import { ExiftoolReader } from './sources/exiftool-reader';
import { DEFAULT_TOOL_LIMITS } from './sources/external-tool';
import { SourceDecoder } from './sources/source-decoder';
import { ImageFixtures } from './testing/image-fixtures';

const thumbnail = derivativeSpec(DerivativeKind.Thumbnail);
const cache = derivativeSpec(DerivativeKind.Cache);
const limits = DEFAULT_RENDER_LIMITS;
const decoder = new SourceDecoder(new ExiftoolReader({ maxProcs: 1, timeoutMs: 30_000 }), DEFAULT_TOOL_LIMITS);

describe(renderDerivative.name, () => {
  let dir: string;
  let fixtures: ImageFixtures;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mf-render-'));
    fixtures = new ImageFixtures(dir);
  });

  afterAll(async () => {
    await decoder.end();
    await rm(dir, { recursive: true, force: true });
  });

  async function expectRenderError(sourcePath: string, reason: RegExp, spec = thumbnail, renderLimits = limits): Promise<void> {
    const error: unknown = await renderDerivative(sourcePath, spec, renderLimits, decoder).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).message).toMatch(reason);
  }

  it('auto-orients a JPEG from its EXIF orientation (6: rotate 90°) and fits it inside 320x320 as WebP', async () => {
    const source = await fixtures.jpeg('rotated.jpg', 800, 400, { orientation: 6 });

    const sut = await renderDerivative(source, thumbnail, limits, decoder);

    expect({ width: sut.width, height: sut.height }).toEqual({ width: 160, height: 320 });
    const output = await sharp(sut.data).metadata();
    expect(output).toMatchObject({ format: 'webp', width: 160, height: 320 });
    expect(output.orientation).toBeUndefined();
    expect(sut.bytes).toBe(sut.data.length);
    expect(sut.sourceFormat).toBe('jpeg');
  });

  it('renders a cache image as a progressive sRGB JPEG fitted inside 1920x1920', async () => {
    const source = await fixtures.png('wide.png', 4000, 1000);

    const sut = await renderDerivative(source, cache, limits, decoder);

    const output = await sharp(sut.data).metadata();
    expect(output).toMatchObject({ format: 'jpeg', width: 1920, height: 480, isProgressive: true, space: 'srgb' });
  });

  it.each([
    ['png', (f: ImageFixtures) => f.png('a.png', 640, 480), { width: 320, height: 240 }],
    ['webp', (f: ImageFixtures) => f.webp('a.webp', 480, 640), { width: 240, height: 320 }],
    ['tiff', (f: ImageFixtures) => f.tiff('a.tiff', 1000, 1000), { width: 320, height: 320 }],
    ['avif', (f: ImageFixtures) => f.avif('a.avif', 640, 320), { width: 320, height: 160 }],
  ])('renders %s sources', async (format, make, size) => {
    const source = await make(fixtures);

    const sut = await renderDerivative(source, thumbnail, limits, decoder);

    expect(sut.sourceFormat).toBe(format);
    expect(await sharp(sut.data).metadata()).toMatchObject({ format: 'webp', ...size });
  });

  it('renders only the first frame of an animated GIF', async () => {
    const source = await fixtures.animatedGif('animated.gif', 64);

    const sut = await renderDerivative(source, thumbnail, limits, decoder);

    const output = await sharp(sut.data).metadata();
    expect(output).toMatchObject({ format: 'webp', width: 64, height: 64 });
    expect(output.pages ?? 1).toBe(1);
    const { data } = await sharp(sut.data).raw().toBuffer({ resolveWithObject: true });
    const [red, green, blue] = data;
    expect(red).toBeGreaterThan(200);
    expect(green).toBeLessThan(60);
    expect(blue).toBeLessThan(60);
  });

  it('never enlarges a small image', async () => {
    const source = await fixtures.png('tiny.png', 40, 30);

    const sut = await renderDerivative(source, cache, limits, decoder);

    expect({ width: sut.width, height: sut.height }).toEqual({ width: 40, height: 30 });
  });

  it('refuses a zero-byte file', async () => {
    await expectRenderError(await fixtures.bytes('empty.jpg', ''), /^not a supported image \(zero-byte file\)$/);
  });

  it('refuses a text file named .jpg, deciding by content not extension', async () => {
    await expectRenderError(await fixtures.bytes('notes.jpg', 'these are my holiday notes, not a photo\n'), /^not a supported image \(unrecognised format\)$/);
  });

  it('refuses random bytes', async () => {
    await expectRenderError(await fixtures.bytes('noise.png', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251))), /^not a supported image/);
  });

  it('refuses a supported format outside the allowlist (SVG)', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
    await expectRenderError(await fixtures.bytes('drawing.jpg', svg), /^not a supported image \(format svg\)$/);
  });

  it('refuses a truncated JPEG', async () => {
    await expectRenderError(await fixtures.truncatedJpeg('truncated.jpg', 800, 600), /^corrupt or truncated image: .*premature end/i);
  });

  it('refuses a PNG whose compressed pixel data is corrupt', async () => {
    const path = await fixtures.png('corrupt.png', 300, 300);
    const bytes = await readFile(path);
    const idat = bytes.indexOf('IDAT');
    bytes.fill(0xff, idat + 8, idat + 64);
    await expectRenderError(await fixtures.bytes('corrupt.png', bytes), /^corrupt or truncated image: /);
  });

  it('refuses an image over the pixel limit before decoding it (decompression bomb)', async () => {
    const source = await fixtures.png('bomb.png', 3000, 3000);

    await expectRenderError(source, /^image too large: 3000x3000 exceeds 1 megapixels$/, thumbnail, { ...limits, maxInputPixels: 1_000_000 });
  });

  it('reports a missing file as unreadable', async () => {
    await expectRenderError(join(dir, 'gone.jpg'), /^cannot read file: ENOENT$/);
  });

  // (Unreadable permissions cannot be tested here: the tests run as root, which reads any file.)
  it('refuses a path that is not a regular file', async () => {
    const source = join(dir, 'folder.jpg');
    await mkdir(source);

    await expectRenderError(source, /^not a supported image \(not a regular file\)$/);
  });
});
