import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ExifTool } from 'exiftool-vendored';
import sharp from 'sharp';

const exec = promisify(execFile);

/** EXIF a camera writes, as exiftool names the tags. */
export interface CameraTags {
  DateTimeOriginal?: string;
  OffsetTimeOriginal?: string;
  Make?: string;
  Model?: string;
  LensModel?: string;
  ISO?: number;
  FNumber?: number;
  ExposureTime?: string;
  FocalLength?: number;
  GPSLatitude?: number;
  GPSLatitudeRef?: 'N' | 'S';
  GPSLongitude?: number;
  GPSLongitudeRef?: 'E' | 'W';
  GPSAltitude?: number;
  GPSAltitudeRef?: string;
}

/**
 * Real media files for tests, made with the tools a user's library comes from: Debian's heif-enc
 * (libheif-examples) for HEIC, ffmpeg's test source for video, exiftool for camera EXIF and for a
 * camera RAW (a TIFF-structured file, as DNG, NEF, CR2 and ARW are, carrying a JPEG PreviewImage).
 * Call end() when done: exiftool runs as a helper process.
 */
export class MediaFixtures {
  private readonly exiftool = new ExifTool({ maxProcs: 1 });

  constructor(private readonly dir: string) {}

  /** A JPEG with camera EXIF (and `orientation`, 1-8). */
  async cameraJpeg(name: string, width: number, height: number, tags: CameraTags, orientation = 1): Promise<string> {
    const path = await this.save(name, await picture(width, height).jpeg({ quality: 85 }).toBuffer());
    await this.tag(path, tags, orientation);
    return path;
  }

  /** A HEIC made by heif-enc from a JPEG; EXIF (and its orientation) is carried over as heif-enc does it. */
  async heic(name: string, width: number, height: number, tags: CameraTags = {}, orientation = 1): Promise<string> {
    const jpeg = await this.cameraJpeg(`${name}.source.jpg`, width, height, tags, orientation);
    const path = join(this.dir, name);
    await exec('heif-enc', ['-q', '50', jpeg, '-o', path]);
    return path;
  }

  /** A camera RAW stand-in: a small TIFF with the camera's tags and a larger JPEG PreviewImage, or none. */
  async raw(name: string, options: { preview?: { width: number; height: number }; orientation?: number; tags?: CameraTags } = {}): Promise<string> {
    const path = await this.save(name, await picture(64, 48).tiff({ compression: 'none' }).toBuffer());
    const writeArgs = ['-overwrite_original'];
    if (options.preview) {
      const preview = await this.save(`${name}.preview.jpg`, await picture(options.preview.width, options.preview.height).jpeg().toBuffer());
      writeArgs.push(`-PreviewImage<=${preview}`);
    }
    await this.exiftool.write(path, { ...(options.tags ?? {}), ...(options.orientation ? { 'Orientation#': options.orientation } : {}) } as never, writeArgs);
    return path;
  }

  /** A clip of ffmpeg's test pattern (`testsrc2`, moving and never black), in the container the extension names. */
  async video(name: string, options: { width: number; height: number; seconds: number; creationTime?: string; location?: string }): Promise<string> {
    const path = join(this.dir, name);
    const metadata = [
      ...(options.creationTime ? ['-metadata', `creation_time=${options.creationTime}`] : []),
      ...(options.location ? ['-metadata', `location=${options.location}`] : []),
    ];
    const source = `testsrc2=size=${options.width}x${options.height}:rate=25:duration=${options.seconds}`;
    await exec('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', source, '-pix_fmt', 'yuv420p', ...metadata, path]);
    return path;
  }

  async save(name: string, bytes: Buffer): Promise<string> {
    const path = join(this.dir, name);
    await writeFile(path, bytes);
    return path;
  }

  async end(): Promise<void> {
    await this.exiftool.end();
  }

  private async tag(path: string, tags: CameraTags, orientation: number): Promise<void> {
    const all = { ...tags, ...(orientation !== 1 ? { 'Orientation#': orientation } : {}) };
    if (Object.keys(all).length > 0) await this.exiftool.write(path, all as never, ['-overwrite_original']);
  }
}

/** A picture with detail in it (noise over a colour), so encoders produce real-sized files. */
function picture(width: number, height: number): sharp.Sharp {
  return sharp({ create: { width, height, channels: 3, background: '#3366cc', noise: { type: 'gaussian', mean: 128, sigma: 30 } } });
}
