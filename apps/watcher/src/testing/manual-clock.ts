import type { TimerHandle, WatchClock } from '../time/watch-clock';

interface PendingTimer {
  id: number;
  dueAt: number;
  callback: () => void;
}

/** A WatchClock whose time moves only when a test advances it; due timers run in order. */
export class ManualClock implements Pick<WatchClock, 'now' | 'setTimeout' | 'clearTimeout'> {
  private time = 0;
  private nextId = 1;
  private timers: PendingTimer[] = [];

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const timer = { id: this.nextId++, dueAt: this.time + delayMs, callback };
    this.timers.push(timer);
    return { id: timer.id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle.id);
  }

  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const next = [...this.timers].sort((a, b) => a.dueAt - b.dueAt)[0];
      if (!next || next.dueAt > target) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.time = next.dueAt;
      next.callback();
    }
    this.time = target;
  }
}
