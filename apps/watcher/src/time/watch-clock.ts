import { Injectable } from '@nestjs/common';

export type TimerHandle = { readonly id: unknown };

/** The watcher's only source of time and timers, so unit tests drive batching with a manual clock. */
@Injectable()
export class WatchClock {
  now(): number {
    return Date.now();
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const timer = setTimeout(callback, delayMs);
    timer.unref();
    return { id: timer };
  }

  clearTimeout(handle: TimerHandle): void {
    clearTimeout(handle.id as NodeJS.Timeout);
  }
}
