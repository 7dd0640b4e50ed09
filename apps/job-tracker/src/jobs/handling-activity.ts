import { Injectable } from '@nestjs/common';

/** What a lingering run (KeyedCoalescer) asks of the process's message handling. */
export interface Activity {
  /** Messages being handled right now. */
  readonly inProgress: number;
  /** Called each time a handling ends. */
  onEnd(listener: () => void): void;
}

/**
 * How many messages job-tracker is handling right now (each controller handler runs inside `track`). A
 * parent's re-derivation lingers for more of its children only while another handling could still join
 * it: with one message at a time (AMQP_PREFETCH=1) or a lone child event, the wait would only delay the
 * child's ack, and under prefetch 1 every message behind it.
 */
@Injectable()
export class HandlingActivity implements Activity {
  private count = 0;
  private readonly listeners = new Set<() => void>();

  get inProgress(): number {
    return this.count;
  }

  async track<T>(work: () => Promise<T>): Promise<T> {
    this.count += 1;
    try {
      return await work();
    } finally {
      this.count -= 1;
      for (const listener of this.listeners) listener();
    }
  }

  onEnd(listener: () => void): void {
    this.listeners.add(listener);
  }
}
