import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { MediaFixtures } from '../../libs/media/src/testing/media-fixtures';

/** EXIF written into `media/camera.jpg` and `media/phone.heic`, and what the API must return for it. */
export const CAMERA_EXIF = {
  DateTimeOriginal: '2021:06:15 14:30:00',
  OffsetTimeOriginal: '+02:00',
  Make: 'Canon',
  Model: 'Canon EOS R5',
  LensModel: 'RF24-105mm F4 L IS USM',
  ISO: 200,
  FNumber: 4,
  ExposureTime: '1/250',
  FocalLength: 35,
  GPSLatitude: 48.8584,
  GPSLatitudeRef: 'N' as const,
  GPSLongitude: 2.2945,
  GPSLongitudeRef: 'E' as const,
  GPSAltitude: 35,
};

export interface MediaLibrary {
  /** Relative paths of the media that must render. */
  valid: string[];
  /** Relative paths of the media that must fail, with the reason they must fail with. */
  bad: Array<{ relativePath: string; reason: RegExp }>;
}

/**
 * The media of a phone and a camera in `media/` (HEIC, a RAW with an embedded preview, MP4 and MOV clips,
 * a JPEG with camera EXIF and GPS, a 280-megapixel JPEG) and their broken kin in `media-broken/`.
 */
export async function generateMediaLibrary(root: string): Promise<MediaLibrary> {
  const dir = path.join(root, 'media');
  const work = path.join(root, '..', 'media-work');
  await Promise.all([mkdir(dir, { recursive: true }), mkdir(path.join(root, 'media-broken'), { recursive: true }), mkdir(work, { recursive: true })]);
  const fixtures = new MediaFixtures(work);
  try {
    const place = async (from: string, relativePath: string): Promise<string> => {
      await writeFile(path.join(root, relativePath), await readFile(from));
      return relativePath;
    };
    const valid = [
      await place(await fixtures.cameraJpeg('camera.jpg', 600, 400, CAMERA_EXIF), 'media/camera.jpg'),
      await place(await fixtures.heic('phone.heic', 320, 240, CAMERA_EXIF, 6), 'media/phone.heic'),
      await place(await fixtures.raw('camera.cr2', { preview: { width: 600, height: 400 }, orientation: 6, tags: { Make: 'Canon', Model: 'EOS 5D' } }), 'media/camera.cr2'),
      await place(await fixtures.video('clip.mp4', { width: 640, height: 480, seconds: 2 }), 'media/clip.mp4'),
      await place(await fixtures.video('clip.mov', { width: 320, height: 240, seconds: 1, creationTime: '2022-03-04T05:06:07Z', location: '+48.8584+002.2945/' }), 'media/clip.mov'),
    ];
    await sharp({ create: { width: 20_000, height: 14_000, channels: 3, background: '#336699' }, limitInputPixels: false }).jpeg({ quality: 70 }).toFile(path.join(dir, 'panorama.jpg'));
    valid.push('media/panorama.jpg');

    const heic = await readFile(path.join(root, 'media/phone.heic'));
    const mp4 = await readFile(path.join(root, 'media/clip.mp4'));
    await writeFile(path.join(root, 'media-broken/notes.mov'), 'a text file named like a movie\n'.repeat(20));
    await writeFile(path.join(root, 'media-broken/truncated.heic'), heic.subarray(0, Math.floor(heic.length / 2)));
    await place(await fixtures.raw('no-preview.nef'), 'media-broken/no-preview.nef');
    // ffmpeg writes the index (moov) at the end of an MP4: without it no frame can be found.
    await writeFile(path.join(root, 'media-broken/truncated.mp4'), mp4.subarray(0, Math.floor(mp4.length / 2)));
    await writeFile(path.join(root, 'media-broken/bomb.png'), pngHeaderOnly(65_536, 65_536));
    const bad = [
      { relativePath: 'media-broken/notes.mov', reason: /^not a playable video/ },
      { relativePath: 'media-broken/truncated.heic', reason: /heif-convert failed/ },
      { relativePath: 'media-broken/no-preview.nef', reason: /without an embedded JPEG preview/ },
      { relativePath: 'media-broken/truncated.mp4', reason: /^not a playable video/ },
      { relativePath: 'media-broken/bomb.png', reason: /^image too large: 65536x65536/ },
    ];
    return { valid, bad };
  } finally {
    await fixtures.end();
    await rm(work, { recursive: true, force: true });
  }
}

/** A PNG that claims 65536x65536 pixels in a few dozen bytes: a decompression bomb as its header shows it. */
function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.alloc(1024))), chunk('IEND', Buffer.alloc(0))]);
}
