/**
 * The fixed time grids the metric history is kept on. Each point of a series is one document per
 * (series, resolution, slot), so a window is read by _id (`$in` of the slots it covers): the lookup
 * every store answers from an index, FerretDB's SQLite backend included.
 */
export interface Resolution {
  /** Part of the _id. */
  name: string;
  ms: number;
  /** How long its points are kept (Retention deletes older ones). */
  keepMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const RESOLUTIONS = {
  /** The last ten minutes or hour: 120 or 720 points, fine enough to see a short scan's backlog rise and drain. */
  fine: { name: '5s', ms: 5_000, keepMs: 2 * HOUR },
  /** The last day: 288 points. */
  coarse: { name: '5m', ms: 5 * MINUTE, keepMs: 2 * 24 * HOUR },
} as const satisfies Record<string, Resolution>;

export enum HistoryWindow {
  TenMinutes = '10m',
  Hour = '1h',
  Day = '24h',
}

export const WINDOWS: Record<HistoryWindow, { ms: number; resolution: Resolution }> = {
  [HistoryWindow.TenMinutes]: { ms: 10 * MINUTE, resolution: RESOLUTIONS.fine },
  [HistoryWindow.Hour]: { ms: HOUR, resolution: RESOLUTIONS.fine },
  [HistoryWindow.Day]: { ms: 24 * HOUR, resolution: RESOLUTIONS.coarse },
};

/** Start of the slot holding `at`. */
export function slotStart(at: Date, resolution: Resolution): number {
  return Math.floor(at.getTime() / resolution.ms) * resolution.ms;
}

export function bucketId(series: string, resolution: Resolution, slot: number): string {
  return `${series}:${resolution.name}:${slot}`;
}

/** The slot starts of a window ending with the slot holding `now`, oldest first. */
export function windowSlots(window: HistoryWindow, now: Date): number[] {
  const { ms, resolution } = WINDOWS[window];
  const last = slotStart(now, resolution);
  const count = Math.round(ms / resolution.ms);
  return Array.from({ length: count }, (_, index) => last - (count - 1 - index) * resolution.ms);
}
