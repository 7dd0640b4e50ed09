/** The views of the public API the dashboard reads (see docs/openapi.json). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ScanScheduleView {
  cron: string;
  timezone: string;
  mode: 'incremental' | 'full';
  enabled: boolean;
  nextRunAt: string | null;
}

export interface Library {
  id: string;
  name: string;
  rootPath: string;
  include: string[];
  exclude: string[];
  watch: boolean;
  status: string;
  statusReason: string | null;
  watchStatus: string;
  watchReason: string | null;
  imageCount: number;
  collectionCount: number;
  lastScanAt: string | null;
  lastScanJobId: string | null;
  scanSchedule: ScanScheduleView | null;
}

export interface Collection {
  id: string;
  libraryId: string;
  relativePath: string;
  imageCount: number;
}

export interface Derivative {
  state: 'pending' | 'ready' | 'failed';
  reason: string | null;
  bytes: number | null;
  url: string | null;
}

export interface ImageView {
  id: string;
  libraryId: string;
  collectionId: string;
  relativePath: string;
  size: number;
  mtimeMs: number;
  fingerprint: string | null;
  width: number | null;
  height: number | null;
  format: string | null;
  derivatives: { thumbnail: Derivative; cache: Derivative };
  mediaType: 'image' | 'video';
  mimeType: string | null;
  takenAt: string | null;
  takenAtSource: 'exif' | 'quicktime' | 'mtime' | null;
  camera: { make: string | null; model: string | null } | null;
  lens: string | null;
  exposure: { iso: number | null; fNumber: number | null; exposureTime: number | null; focalLength: number | null } | null;
  gps: { latitude: number; longitude: number; altitude: number | null } | null;
  durationMs: number | null;
  videoCodec: string | null;
}

export interface Stage {
  name: string;
  status: string;
  total: number | null;
  totalKnown: boolean;
  done: number;
  failed: number;
  skipped: number;
}

export interface JobSummary {
  id: string;
  type: string;
  status: string;
  libraryId: string | null;
  description: string | null;
  stages: Stage[];
  parentId: string | null;
  reason: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface JobDetail extends JobSummary {
  progress: { processed: number; remaining: number | null; ratePerSecond: number | null; etaSeconds: number | null; etaAt: string | null };
  dependsOn: string[];
  children: { total: number; finished: number; items: Array<{ id: string; type: string; status: string }> };
  failureSample: Array<{ stage: string; itemId: string; path: string | null; reason: string }>;
  cancelRequestedAt: string | null;
}

export const TERMINAL_JOB_STATUSES = ['completed', 'completed_with_errors', 'failed', 'cancelled'];

export interface ScheduleRun {
  id: string;
  occurrenceAt: string;
  firedAt: string | null;
  decision: string;
  trigger: string;
  jobId: string | null;
  status: string | null;
  durationMs: number | null;
  reason: string | null;
  summary: string | null;
}

export interface Schedule {
  id: string;
  name: string;
  type: string;
  params: Record<string, unknown>;
  cron: string;
  timezone: string;
  enabled: boolean;
  paused: boolean;
  overlapPolicy: string;
  misfirePolicy: string;
  nextRunAt: string | null;
  lastRun: Omit<ScheduleRun, 'id' | 'trigger' | 'reason' | 'summary'> | null;
  counters: { fired: number; skipped: number; failed: number };
  libraryId: string | null;
}

export interface CronPreview {
  cron: string;
  timezone: string;
  fireTimes: string[];
}

export interface ServiceQueue {
  service: string;
  health: 'up' | 'down' | 'unknown';
  queue: string;
  messages: number | null;
  consumers: number | null;
  deadLetterQueue: string;
  deadLetters: number | null;
}

export interface SystemQueues {
  services: ServiceQueue[];
  gateway: { liveUpdates: boolean };
}

export type Role = 'admin' | 'viewer';

/** GET /failures: render failures standing now, grouped by reason. */
export interface FailedFile {
  imageId: string;
  libraryId: string;
  relativePath: string;
  kinds: string[];
  reason: string;
}

export interface FailureGroup {
  reason: string;
  files: number;
  retryable: boolean;
  sample: FailedFile[];
}

export interface FailureGroups {
  groups: FailureGroup[];
  total: number;
}

/** GET /system/history: throughput (items per second) and queue samples, one value per point. */
export type HistoryWindow = '10m' | '1h' | '24h';

export interface SystemHistory {
  window: HistoryWindow;
  resolutionSeconds: number;
  times: number[];
  throughput: Array<{ stage: string; done: number[]; failed: number[]; skipped: number[] }>;
  filesDiscovered: number[];
  queues: Array<{ service: string; messages: Array<number | null>; consumers: Array<number | null>; deadLetters: Array<number | null> }>;
}

export interface DerivativeStateCounts {
  ready: number;
  failed: number;
  pending: number;
}

export interface MediaKindOverview {
  kind: string;
  images: number;
  thumbnail: DerivativeStateCounts;
  cache: DerivativeStateCounts;
}

export interface LibraryOverview {
  libraryId: string;
  images: number;
  mediaKinds: MediaKindOverview[];
  lastScan: { jobId: string; status: string | null; startedAt: string | null; finishedAt: string | null; durationMs: number | null } | null;
  nextScanAt: string | null;
  watch: { enabled: boolean; status: string; reason: string | null };
  countedAt: string;
}
