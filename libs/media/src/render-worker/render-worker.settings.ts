import type { DerivativeKind } from '@mediaflow/contracts';

/** A render worker's settings, from its app's env. */
export interface RenderWorkerSettings {
  /** Absolute root of the derivative store. */
  derivativesDir: string;
  /** Images rendered at once by one process (sharp work); lookups and skips are not limited by it. */
  renderConcurrency: number;
  /** The derivative fits inside maxSize x maxSize. */
  maxSize: number;
  /** Encoder quality, 1-100. */
  quality: number;
  /** Sources with more pixels are refused before decoding. */
  maxInputPixels: number;
  /** One run of ffmpeg, ffprobe, heif-convert or exiftool is killed after this long. */
  mediaToolTimeoutMs: number;
  /** Address-space limit of one run of ffmpeg, ffprobe or heif-convert, in MiB; 0: none. */
  mediaToolMemoryMb: number;
  /** How long an item's report waits to go out with more of its job's (ReportBatcher); 0: at once. */
  reportLingerMs: number;
}

export const RENDER_WORKER_SETTINGS = Symbol('RENDER_WORKER_SETTINGS');
export const RENDER_KIND = Symbol('RENDER_KIND');

export type RenderKind = DerivativeKind;
