import { GatheringWindow, WorkInProgress } from './gathering-window';

class Requests extends WorkInProgress {
  constructor(public count: number) {
    super();
  }
  get inProgress(): number {
    return this.count;
  }
}

describe(GatheringWindow.name, () => {
  let dispatched: number;
  const dispatch = (): void => {
    dispatched += 1;
  };

  beforeEach(() => {
    jest.useFakeTimers();
    dispatched = 0;
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  /** What DataLoader does on a load: schedule a new batch on its first call, then the caller says it joined. */
  function load(sut: GatheringWindow, first: boolean): void {
    if (first) sut.schedule(dispatch);
    sut.joined();
  }

  it('sends a lone request’s batch at once: nothing else is in progress to join it', () => {
    const sut = new GatheringWindow(200, new Requests(1));

    load(sut, true);

    expect(dispatched).toBe(1);
  });

  it('holds a batch while other requests are in progress, and sends it once they have all joined', async () => {
    const requests = new Requests(3);
    const sut = new GatheringWindow(200, requests);

    load(sut, true);
    await jest.advanceTimersByTimeAsync(50);
    load(sut, false);
    expect(dispatched).toBe(0);

    load(sut, false);
    expect(dispatched).toBe(1);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(dispatched).toBe(1);
  });

  it('sends a batch after the window when requests in progress have not joined, and starts the next one afresh', async () => {
    const sut = new GatheringWindow(200, new Requests(4));

    load(sut, true);
    load(sut, false);
    await jest.advanceTimersByTimeAsync(199);
    expect(dispatched).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(dispatched).toBe(1);

    load(sut, true);
    expect(dispatched).toBe(1);
    await jest.advanceTimersByTimeAsync(200);
    expect(dispatched).toBe(2);
  });

  it('always waits the window when it cannot tell what is in progress', async () => {
    const sut = new GatheringWindow(200);

    load(sut, true);
    expect(dispatched).toBe(0);
    await jest.advanceTimersByTimeAsync(200);
    expect(dispatched).toBe(1);
  });
});
