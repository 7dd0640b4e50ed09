import { emptyMetadata, gps, num, round, text, type MediaMetadata } from './media-metadata';

/** The part of `ffprobe -show_format -show_streams -print_format json` we read. */
export interface FfprobeReport {
  streams?: Array<{
    codec_type?: string;
    codec_name?: string;
    width?: number;
    height?: number;
    duration?: string;
    tags?: Record<string, string>;
    side_data_list?: Array<{ rotation?: number }>;
    disposition?: { attached_pic?: number };
  }>;
  format?: { duration?: string; format_name?: string; tags?: Record<string, string> };
}

export type FfprobeStream = NonNullable<FfprobeReport['streams']>[number];

/** The first real video stream (cover art is an "attached picture" stream, not the video). */
export function videoStreamOf(report: FfprobeReport): FfprobeStream | undefined {
  return report.streams?.find((stream) => stream.codec_type === 'video' && stream.disposition?.attached_pic !== 1);
}

/** Rotation from the display matrix (or the old `rotate` tag): ffmpeg applies it, so displayed sides swap at 90/270. */
export function rotationOf(stream: FfprobeStream): number {
  const rotation = stream.side_data_list?.find((data) => typeof data.rotation === 'number')?.rotation ?? num(stream.tags?.rotate) ?? 0;
  return ((Math.round(rotation / 90) * 90) % 360 + 360) % 360;
}

/** A video's metadata: duration, displayed frame size and codec, the container's creation date and ISO 6709 location. */
export function metadataFromFfprobe(report: FfprobeReport, mimeType: string | null): MediaMetadata {
  const stream = videoStreamOf(report);
  const tags = { ...(stream?.tags ?? {}), ...(report.format?.tags ?? {}) };
  const seconds = num(report.format?.duration) ?? num(stream?.duration);
  const swapped = stream ? rotationOf(stream) % 180 !== 0 : false;
  const takenAt = quickTimeDate(tags['com.apple.quicktime.creationdate'] ?? tags.creation_time);
  return {
    ...emptyMetadata('video', mimeType),
    width: (swapped ? stream?.height : stream?.width) ?? null,
    height: (swapped ? stream?.width : stream?.height) ?? null,
    takenAt,
    takenAtSource: takenAt ? 'quicktime' : null,
    durationMs: seconds === null ? null : Math.round(seconds * 1000),
    videoCodec: text(stream?.codec_name),
    gps: iso6709(tags['com.apple.quicktime.location.ISO6709'] ?? tags.location),
  };
}

/**
 * QuickTime's creation date is UTC (`2022-03-04T05:06:07.000000Z`); Apple's creationdate carries the local
 * offset (`2022-03-04T07:06:07+0200`). Muxers write 1970 or 1904 when they know no date: ignored.
 */
function quickTimeDate(value: string | undefined): string | null {
  const match = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?(Z|[+-]\d\d:?\d\d)?$/.exec(value?.trim() ?? '');
  if (!match || Number(match[1]) < 1980) return null;
  const zone = match[7] === undefined ? '' : match[7] === 'Z' ? '+00:00' : match[7].replace(/^([+-]\d\d):?(\d\d)$/, '$1:$2');
  return `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}${zone}`;
}

/** ISO 6709 as phones write it: `+48.8584+002.2945+035.000/` (latitude, longitude, optional altitude). */
function iso6709(value: string | undefined): MediaMetadata['gps'] {
  const match = /^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)?/.exec(value?.trim() ?? '');
  if (!match) return null;
  return gps(Number(match[1]), Number(match[2]), match[3] === undefined ? null : round(Number(match[3]), 2));
}
