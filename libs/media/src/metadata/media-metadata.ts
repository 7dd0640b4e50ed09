/** Where `takenAt` came from: the camera's EXIF, a video's QuickTime/container creation date, or the file's mtime. */
export type TakenAtSource = 'exif' | 'quicktime' | 'mtime';

/**
 * What the index knows about one image or video, read while rendering it (no second pass over the file).
 * Width and height are as displayed: after the EXIF/HEIF orientation or the video's rotation.
 */
export interface MediaMetadata {
  mediaType: 'image' | 'video';
  mimeType: string | null;
  width: number | null;
  height: number | null;
  /**
   * ISO 8601 wall-clock time as the camera recorded it, with its offset when the file says
   * (`2021-06-15T14:30:00+02:00`); without an offset it is the camera's local time (`2021-06-15T14:30:00`).
   */
  takenAt: string | null;
  takenAtSource: TakenAtSource | null;
  camera: { make: string | null; model: string | null } | null;
  lens: string | null;
  exposure: { iso: number | null; fNumber: number | null; exposureTime: number | null; focalLength: number | null } | null;
  /** Decimal degrees (south and west negative); altitude in metres above sea level. */
  gps: { latitude: number; longitude: number; altitude: number | null } | null;
  durationMs: number | null;
  /** Video only: the codec of the video stream as ffprobe names it (h264, hevc, ...). */
  videoCodec: string | null;
}

/** The camera fields of a file that says nothing about them. */
export function emptyMetadata(mediaType: MediaMetadata['mediaType'], mimeType: string | null): MediaMetadata {
  return {
    mediaType,
    mimeType,
    width: null,
    height: null,
    takenAt: null,
    takenAtSource: null,
    camera: null,
    lens: null,
    exposure: null,
    gps: null,
    durationMs: null,
    videoCodec: null,
  };
}

/** When nothing in the file dates it, the file's modification time stands in (UTC), and says so. */
export function withTakenAtFallback(metadata: MediaMetadata, mtimeMs: number): MediaMetadata {
  if (metadata.takenAt) return metadata;
  return { ...metadata, takenAt: new Date(mtimeMs).toISOString(), takenAtSource: 'mtime' };
}

/** The instant to sort by: a takenAt without an offset is taken as UTC (the camera's zone is unknown). */
export function takenAtInstant(takenAt: string | null): Date | null {
  if (!takenAt) return null;
  const hasZone = /(Z|[+-]\d\d:\d\d)$/.test(takenAt);
  const date = new Date(hasZone ? takenAt : `${takenAt}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function camera(make: unknown, model: unknown): MediaMetadata['camera'] {
  const m = text(make);
  const n = text(model);
  return m || n ? { make: m, model: n } : null;
}

export function exposure(fields: Partial<Record<'iso' | 'fNumber' | 'exposureTime' | 'focalLength', unknown>>): MediaMetadata['exposure'] {
  const values = { iso: num(fields.iso), fNumber: num(fields.fNumber), exposureTime: num(fields.exposureTime), focalLength: num(fields.focalLength) };
  return Object.values(values).some((value) => value !== null) ? values : null;
}

export function gps(latitude: number | null, longitude: number | null, altitude: number | null): MediaMetadata['gps'] {
  if (latitude === null || longitude === null || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  if (latitude === 0 && longitude === 0) return null; // 0,0 is what cameras without a fix write
  return { latitude: round(latitude, 7), longitude: round(longitude, 7), altitude: altitude === null ? null : round(altitude, 2) };
}

/** A trimmed string without the NUL padding EXIF strings carry, or null. */
export function text(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const cleaned = String(value).replace(/\0/g, '').trim();
  return cleaned.length > 0 ? cleaned.slice(0, 200) : null;
}

/** A finite number from a number, a numeric string, a "1/250" fraction or "4.2 mm"; else null. */
export function num(value: unknown): number | null {
  if (Array.isArray(value)) return num(value[0]);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const fraction = /^\s*(-?\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)/.exec(value);
  if (fraction) return Number(fraction[2]) === 0 ? null : Number(fraction[1]) / Number(fraction[2]);
  const parsed = Number.parseFloat(value);
  return Number.isFinite(parsed) ? parsed : null;
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
