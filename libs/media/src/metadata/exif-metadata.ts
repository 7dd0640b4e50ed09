import exifReader from 'exif-reader';
import { camera, emptyMetadata, exposure, gps, num, text, type MediaMetadata } from './media-metadata';

type ExifTags = ReturnType<typeof exifReader>;

/**
 * The metadata of a still from the EXIF block sharp already read with the header (sharp's
 * `metadata().exif`), parsed by exif-reader: no second read of the file. A broken EXIF block costs the
 * camera fields, never the render.
 */
export function metadataFromExif(exif: Buffer | undefined, mimeType: string | null): MediaMetadata {
  const metadata = emptyMetadata('image', mimeType);
  const tags = parse(exif);
  if (!tags) return metadata;
  const image = tags.Image ?? {};
  const photo = tags.Photo ?? {};
  const takenAt = exifDate(photo.DateTimeOriginal ?? photo.DateTimeDigitized, text(photo.OffsetTimeOriginal));
  return {
    ...metadata,
    takenAt,
    takenAtSource: takenAt ? 'exif' : null,
    camera: camera(image.Make, image.Model),
    lens: text(photo.LensModel),
    exposure: exposure({ iso: photo.ISOSpeedRatings ?? photo.PhotographicSensitivity, fNumber: photo.FNumber, exposureTime: photo.ExposureTime, focalLength: photo.FocalLength }),
    gps: gpsFromExif(tags.GPSInfo),
  };
}

function parse(exif: Buffer | undefined): ExifTags | null {
  if (!exif || exif.length === 0) return null;
  try {
    return exifReader(exif);
  } catch {
    return null;
  }
}

/** exif-reader gives EXIF's zone-less wall time as a Date in UTC; the offset tag (EXIF 2.31) says where it was. */
function exifDate(value: unknown, offset: string | null): string | null {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) return null;
  const wallTime = value.toISOString().slice(0, 19);
  return offset && /^[+-]\d\d:\d\d$/.test(offset) ? `${wallTime}${offset}` : wallTime;
}

function gpsFromExif(info: Record<string, unknown> | undefined): MediaMetadata['gps'] {
  if (!info) return null;
  const latitude = degrees(info.GPSLatitude, info.GPSLatitudeRef, 'S');
  const longitude = degrees(info.GPSLongitude, info.GPSLongitudeRef, 'W');
  const altitude = num(info.GPSAltitude);
  return gps(latitude, longitude, altitude === null ? null : info.GPSAltitudeRef === 1 ? -altitude : altitude);
}

function degrees(value: unknown, ref: unknown, negativeRef: string): number | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const [d, m = 0, s = 0] = value.map((part) => num(part) ?? Number.NaN);
  const decimal = d + m / 60 + s / 3600;
  if (!Number.isFinite(decimal)) return null;
  return text(ref)?.toUpperCase() === negativeRef ? -decimal : decimal;
}
