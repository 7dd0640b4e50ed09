export enum ScanMode {
  Full = 'full',
  Incremental = 'incremental',
}

export enum LibraryStatus {
  Online = 'online',
  Offline = 'offline',
  Degraded = 'degraded',
  NeedsAttention = 'needs_attention',
}

export enum DerivativeKind {
  Thumbnail = 'thumbnail',
  Cache = 'cache',
}

export enum DerivativeState {
  Pending = 'pending',
  Ready = 'ready',
  Failed = 'failed',
}

/**
 * How a source file is decoded, chosen by its extension (libs/media `mediaKindOf`). Listed here so the
 * gateway can name the kinds without loading the media library; the order is the one the API reports.
 */
export const MEDIA_KINDS = ['still', 'svg', 'heif', 'raw', 'video'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export enum LibraryChange {
  Created = 'created',
  Updated = 'updated',
  Deleted = 'deleted',
}
