import type { Tags } from 'exiftool-vendored';
import { camera, emptyMetadata, exposure, gps, num, text, type MediaMetadata } from './media-metadata';

/** The metadata of a HEIF or RAW file from exiftool's tags (exiftool-vendored gives GPS already signed, in degrees). */
export function metadataFromExiftool(tags: Tags): MediaMetadata {
  const metadata = emptyMetadata('image', text(tags.MIMEType));
  const takenAt = exiftoolDate(tags.DateTimeOriginal ?? tags.CreateDate, text(tags.OffsetTimeOriginal));
  return {
    ...metadata,
    takenAt,
    takenAtSource: takenAt ? 'exif' : null,
    camera: camera(tags.Make, tags.Model),
    lens: text(tags.LensModel) ?? text(tags.Lens),
    exposure: exposure({ iso: tags.ISO, fNumber: tags.FNumber, exposureTime: tags.ExposureTime, focalLength: tags.FocalLength }),
    gps: gps(num(tags.GPSLatitude), num(tags.GPSLongitude), num(tags.GPSAltitude)),
  };
}

/** exiftool-vendored's ExifDateTime keeps the wall time and, when the file says, its offset. */
function exiftoolDate(value: unknown, offsetTag: string | null): string | null {
  if (!value || typeof value !== 'object' || !('year' in value)) return null;
  const date = value as { year: number; month: number; day: number; hour?: number; minute?: number; second?: number; tzoffsetMinutes?: number; inferredZone?: boolean };
  if (!date.year || !date.month || !date.day) return null;
  const pad = (n: number | undefined, width = 2): string => String(Math.trunc(n ?? 0)).padStart(width, '0');
  const wallTime = `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}T${pad(date.hour)}:${pad(date.minute)}:${pad(date.second)}`;
  const offset = date.tzoffsetMinutes !== undefined && !date.inferredZone ? formatOffset(date.tzoffsetMinutes) : offsetTag;
  return offset && /^[+-]\d\d:\d\d$/.test(offset) ? `${wallTime}${offset}` : wallTime;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
