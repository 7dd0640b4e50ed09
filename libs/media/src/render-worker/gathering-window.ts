/** How many of the worker's render requests are being processed now (ReportBatcher counts them). */
export abstract class WorkInProgress {
  abstract get inProgress(): number;
}

interface Batch {
  joined: number;
  send: () => void;
}

/**
 * A DataLoader batch schedule (`schedule`) for a call each render request makes once, as its render ends: a
 * batch goes out `windowMs` after its first call, or as soon as every request in progress has joined it,
 * since nothing else could join it then (the thumbnail of a lone watched file is not held back; without
 * `work`, a batch always waits the window). Call `joined()` right after each `load`.
 */
export class GatheringWindow {
  private current: Batch | null = null;

  constructor(
    private readonly windowMs: number,
    private readonly work?: WorkInProgress,
  ) {}

  readonly schedule = (dispatch: () => void): void => {
    const batch: Batch = {
      joined: 0,
      send: () => {
        clearTimeout(timer);
        if (this.current === batch) this.current = null;
        dispatch();
      },
    };
    const timer = setTimeout(batch.send, this.windowMs);
    this.current = batch;
  };

  joined(): void {
    const batch = this.current;
    if (!batch) return;
    batch.joined += 1;
    if (this.work && batch.joined >= this.work.inProgress) batch.send();
  }
}
