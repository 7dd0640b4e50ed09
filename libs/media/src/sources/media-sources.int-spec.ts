import { DerivativeKind } from '@mediaflow/contracts';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { derivativeSpec } from '../derivative-spec';
import { renderDerivative } from '../render-derivative';
import { RenderError } from '../render-error';
import { DEFAULT_RENDER_LIMITS } from '../render-limits';
import { MediaFixtures } from '../testing/media-fixtures';
import { ExiftoolReader } from './exiftool-reader';
import { DEFAULT_TOOL_LIMITS, runTool } from './external-tool';
import { SourceDecoder } from './source-decoder';

const thumbnail = derivativeSpec(DerivativeKind.Thumbnail);
const cache = derivativeSpec(DerivativeKind.Cache);
const limits = DEFAULT_RENDER_LIMITS;
const camera = {
  DateTimeOriginal: '2021:06:15 14:30:00',
  OffsetTimeOriginal: '+02:00',
  Make: 'Apple',
  Model: 'iPhone 12',
  LensModel: 'iPhone 12 back camera 4.2mm f/1.6',
  ISO: 100,
  FNumber: 1.6,
  ExposureTime: '1/100',
  FocalLength: 4.2,
  GPSLatitude: 48.8584,
  GPSLatitudeRef: 'N' as const,
  GPSLongitude: 2.2945,
  GPSLongitudeRef: 'E' as const,
  GPSAltitude: 35,
};

describe('rendering HEIF, camera RAW, video and SVG sources', () => {
  let dir: string;
  let fixtures: MediaFixtures;
  const decoder = new SourceDecoder(new ExiftoolReader({ maxProcs: 1, timeoutMs: 30_000 }), DEFAULT_TOOL_LIMITS);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mf-sources-'));
    fixtures = new MediaFixtures(dir);
  });

  afterAll(async () => {
    await Promise.all([decoder.end(), fixtures.end()]);
    await rm(dir, { recursive: true, force: true });
  });

  const failure = async (path: string, spec = thumbnail, sut = decoder): Promise<string> => {
    const error: unknown = await renderDerivative(path, spec, limits, sut).then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(RenderError);
    return (error as RenderError).message;
  };

  it('reads date with offset, camera, lens, exposure and GPS of a JPEG from the EXIF sharp read, and its displayed size', async () => {
    const sut = await renderDerivative(await fixtures.cameraJpeg('camera.jpg', 400, 300, camera, 6), thumbnail, limits, decoder);
    expect(sut.metadata).toMatchObject({
      mediaType: 'image',
      mimeType: 'image/jpeg',
      width: 300,
      height: 400,
      takenAt: '2021-06-15T14:30:00+02:00',
      takenAtSource: 'exif',
      camera: { make: 'Apple', model: 'iPhone 12' },
      lens: camera.LensModel,
      exposure: { iso: 100, fNumber: 1.6, exposureTime: 0.01, focalLength: 4.2 },
      gps: { latitude: 48.8584, longitude: 2.2945, altitude: 35 },
    });
  });

  it("falls back to the file's mtime when nothing in the file dates it, and says so", async () => {
    const sut = await renderDerivative(await fixtures.save('plain.png', await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer()), thumbnail, limits, decoder);
    expect(sut.metadata).toMatchObject({ mediaType: 'image', mimeType: 'image/png', takenAtSource: 'mtime', camera: null, gps: null });
  });

  it('decodes a HEIC with libheif, honours its EXIF orientation and reads its metadata with exiftool', async () => {
    const sut = await renderDerivative(await fixtures.heic('phone.heic', 320, 240, camera, 6), thumbnail, limits, decoder);
    expect({ width: sut.width, height: sut.height, sourceFormat: sut.sourceFormat }).toEqual({ width: 240, height: 320, sourceFormat: 'heif' });
    expect(sut.metadata).toMatchObject({ mimeType: 'image/heic', width: 240, height: 320, takenAt: '2021-06-15T14:30:00+02:00', camera: { make: 'Apple' }, gps: { latitude: 48.8584 } });
  });

  it('fails a truncated HEIC with the decoder\'s reason', async () => {
    const heic = await readFile(await fixtures.heic('whole.heic', 320, 240));
    const truncated = await fixtures.save('truncated.heic', heic.subarray(0, Math.floor(heic.length / 2)));
    expect(await failure(truncated)).toMatch(/heif-convert failed/);
  });

  it("renders a RAW from its embedded JPEG preview, turned by the RAW's orientation", async () => {
    const raw = await fixtures.raw('camera.cr2', { preview: { width: 600, height: 400 }, orientation: 6, tags: { Make: 'NIKON CORPORATION', Model: 'NIKON D850', DateTimeOriginal: '2020:01:02 03:04:05' } });
    const sut = await renderDerivative(raw, cache, limits, decoder);
    expect({ width: sut.width, height: sut.height, sourceFormat: sut.sourceFormat }).toEqual({ width: 400, height: 600, sourceFormat: 'raw' });
    expect(sut.metadata).toMatchObject({ width: 400, height: 600, takenAt: '2020-01-02T03:04:05', takenAtSource: 'exif', camera: { make: 'NIKON CORPORATION', model: 'NIKON D850' } });
  });

  it('fails a RAW without an embedded preview, saying so', async () => {
    expect(await failure(await fixtures.raw('bare.dng'))).toMatch(/without an embedded JPEG preview/);
  });

  it('takes a poster frame of an MP4 and reads its duration, frame size and codec', async () => {
    const sut = await renderDerivative(await fixtures.video('clip.mp4', { width: 640, height: 480, seconds: 2 }), thumbnail, limits, decoder);
    expect({ width: sut.width, height: sut.height, sourceFormat: sut.sourceFormat }).toEqual({ width: 320, height: 240, sourceFormat: 'video' });
    expect(sut.metadata).toMatchObject({ mediaType: 'video', mimeType: 'video/mp4', width: 640, height: 480, durationMs: 2000, videoCodec: 'h264', takenAtSource: 'mtime' });
  });

  it("reads a MOV's QuickTime creation date and ISO 6709 location", async () => {
    const mov = await fixtures.video('clip.mov', { width: 320, height: 240, seconds: 1, creationTime: '2022-03-04T05:06:07Z', location: '+48.8584+002.2945/' });
    const sut = await renderDerivative(mov, thumbnail, limits, decoder);
    expect(sut.metadata).toMatchObject({ mimeType: 'video/quicktime', takenAt: '2022-03-04T05:06:07+00:00', takenAtSource: 'quicktime', gps: { latitude: 48.8584, longitude: 2.2945, altitude: null } });
  });

  it('fails a text file named .mov as not a playable video', async () => {
    expect(await failure(await fixtures.save('notes.mov', Buffer.from('just some text, not a movie\n'.repeat(10))))).toMatch(/^not a playable video/);
  });

  it('kills a tool that runs past its time limit and fails the file with that reason', async () => {
    const impatient = new SourceDecoder(new ExiftoolReader({ maxProcs: 1, timeoutMs: 30_000 }), { ...DEFAULT_TOOL_LIMITS, timeoutMs: 1 });
    const clip = await fixtures.video('slow.mp4', { width: 320, height: 240, seconds: 1 });
    expect(await failure(clip, thumbnail, impatient)).toMatch(/took longer than 1 ms \(killed\)/);
    await impatient.end();
  });

  it('names a tool that is not installed instead of crashing', async () => {
    await expect(runTool('no-such-decoder', [], DEFAULT_TOOL_LIMITS, 1024)).rejects.toThrow(/^no-such-decoder is not installed on this worker$/);
    await expect(runTool('no-such-decoder', [], { ...DEFAULT_TOOL_LIMITS, memoryBytes: 0 }, 1024)).rejects.toThrow(/is not installed/);
  });

  it('rasterises an SVG without fetching what it references', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="100">
      <rect width="200" height="100" fill="#c33"/><image href="http://127.0.0.1:9/x.png" width="50" height="50"/>
      <image xlink:href="file:///etc/hostname" width="50" height="50"/></svg>`;
    await writeFile(join(dir, 'drawing.svg'), svg);
    const sut = await renderDerivative(join(dir, 'drawing.svg'), thumbnail, limits, decoder);
    expect({ width: sut.width, height: sut.height, mimeType: sut.metadata.mimeType }).toEqual({ width: 200, height: 100, mimeType: 'image/svg+xml' });
  });
});
