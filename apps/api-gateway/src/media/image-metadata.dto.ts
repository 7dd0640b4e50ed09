import type { ImageMetadata } from '@mediaflow/persistence';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../http/pagination';

export type MetadataRecord = ImageMetadata;

export class CameraView {
  @ApiProperty({ type: String, nullable: true }) make!: string | null;
  @ApiProperty({ type: String, nullable: true }) model!: string | null;
}

export class ExposureView {
  @ApiProperty({ type: Number, nullable: true }) iso!: number | null;
  @ApiProperty({ type: Number, nullable: true }) fNumber!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Seconds' }) exposureTime!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Millimetres' }) focalLength!: number | null;
}

export class GpsView {
  @ApiProperty({ description: 'Decimal degrees, south negative' }) latitude!: number;
  @ApiProperty({ description: 'Decimal degrees, west negative' }) longitude!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Metres above sea level' }) altitude!: number | null;
}

/** The metadata part of an image in the API: null fields until the thumbnail-worker has read the file. */
export class MediaMetadataView {
  @ApiProperty({ enum: ['image', 'video'] }) mediaType!: 'image' | 'video';
  @ApiProperty({ type: String, nullable: true }) mimeType!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'ISO 8601 as recorded; with its offset when the file gives one' }) takenAt!: string | null;
  @ApiProperty({ type: String, enum: ['exif', 'quicktime', 'mtime'], nullable: true }) takenAtSource!: 'exif' | 'quicktime' | 'mtime' | null;
  @ApiProperty({ type: CameraView, nullable: true }) camera!: CameraView | null;
  @ApiProperty({ type: String, nullable: true }) lens!: string | null;
  @ApiProperty({ type: ExposureView, nullable: true }) exposure!: ExposureView | null;
  @ApiProperty({ type: GpsView, nullable: true }) gps!: GpsView | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Video only' }) durationMs!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Video only: the video codec (h264, hevc, ...)' }) videoCodec!: string | null;
}

/** Until a video is read, its extension says it is one (libs/media's media-kind.ts; not imported: it would load sharp into the gateway). */
const VIDEO_EXTENSION = /\.(mp4|mov|m4v|mkv|webm|avi|3gp|mts)$/i;

export const IMAGE_SORTS = ['id', 'takenAt'] as const;
export type ImageSort = (typeof IMAGE_SORTS)[number];

/** Paging through a collection's images, by id (the default) or by date taken. */
export class ImageListQuery {
  @ApiPropertyOptional({ enum: IMAGE_SORTS, default: 'id', description: 'takenAt: oldest first, ties by id; images not read yet (no takenAt) come last, by id' })
  @IsOptional()
  @IsIn(IMAGE_SORTS)
  sort?: ImageSort;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (of the same sort)' })
  @IsOptional()
  @Matches(/^([0-9a-f]{24}|t\.-?\d{1,16}\.[0-9a-f]{24}|r\.[0-9a-f]{24})$/, { message: 'cursor must be a nextCursor this API returned' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
}

/** The image's metadata fields from its current record; none (not read yet, or read from older content) gives nulls. */
export function toMetadataView(image: { relativePath: string }, current: MetadataRecord | undefined): MediaMetadataView {
  return {
    mediaType: current?.mediaType ?? (VIDEO_EXTENSION.test(image.relativePath) ? 'video' : 'image'),
    mimeType: current?.mimeType ?? null,
    takenAt: current?.takenAt ?? null,
    takenAtSource: current?.takenAtSource ?? null,
    camera: current?.camera ?? null,
    lens: current?.lens ?? null,
    exposure: current?.exposure ?? null,
    gps: current?.gps ?? null,
    durationMs: current?.durationMs ?? null,
    videoCodec: current?.videoCodec ?? null,
  };
}
