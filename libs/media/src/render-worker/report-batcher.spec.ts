import { ItemOutcome, RoutingKey, StageName, type ItemReport } from '@mediaflow/contracts';
import { ReportBatcher } from './report-batcher';

const JOB_A = '65a1b2c3d4e5f60718293a01';
const JOB_B = '65a1b2c3d4e5f60718293a02';
const done = (itemId: string): ItemReport => ({ itemId, outcome: ItemOutcome.Done });
const quick = (itemId: string) => () => Promise.resolve(done(itemId));

/** A request still being processed: its work settles when the test says so. */
function inProgress(): { work: () => Promise<ItemReport>; finish: (item: ItemReport) => void; fail: (error: Error) => void } {
  let finish!: (item: ItemReport) => void;
  let fail!: (error: Error) => void;
  const result = new Promise<ItemReport>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return { work: () => result, finish, fail };
}

describe(ReportBatcher.name, () => {
  let publisher: { publish: jest.Mock };
  const published = () => publisher.publish.mock.calls.map(([, payload]) => payload as { jobId: string; stage: StageName; items: ItemReport[] });

  beforeEach(() => {
    jest.useFakeTimers();
    publisher = { publish: jest.fn().mockResolvedValue(undefined) };
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it("holds a job's finished items while another is being processed, up to the linger, and publishes them as one message", async () => {
    const sut = new ReportBatcher(publisher, { lingerMs: 1_000, maxItems: 100 });
    const rendering = inProgress();
    let settled = 0;
    const first = [sut.report(JOB_A, StageName.Thumbnail, quick('1')), sut.report(JOB_A, StageName.Thumbnail, quick('2'))].map((report) => report.then(() => (settled += 1)));
    const last = sut.report(JOB_A, StageName.Thumbnail, rendering.work);

    await jest.advanceTimersByTimeAsync(999);
    expect(publisher.publish).not.toHaveBeenCalled();
    expect(settled).toBe(0);

    await jest.advanceTimersByTimeAsync(1);
    await Promise.all(first);
    expect(publisher.publish).toHaveBeenCalledWith(RoutingKey.JobItemsReported, { jobId: JOB_A, stage: StageName.Thumbnail, items: [done('1'), done('2')] });

    rendering.finish(done('3'));
    await expect(last).resolves.toEqual(done('3'));
    expect(published()).toHaveLength(2);
  });

  it('counts the requests in progress: from the start of their work to its end, not while their report waits', async () => {
    const sut = new ReportBatcher(publisher, { lingerMs: 1_000, maxItems: 100 });
    const [rendering, waiting] = [inProgress(), inProgress()];
    const failed = expect(sut.report(JOB_A, StageName.Cache, rendering.work)).rejects.toThrow('render failed');
    void sut.report(JOB_A, StageName.Cache, waiting.work);
    expect(sut.inProgress).toBe(2);

    waiting.finish(done('2'));
    await jest.advanceTimersByTimeAsync(0);
    expect(sut.inProgress).toBe(1);
    rendering.fail(new Error('render failed'));
    await failed;
    expect(sut.inProgress).toBe(0);
  });

  it('publishes at once when no other item is being processed: nothing could join it', async () => {
    const sut = new ReportBatcher(publisher, { lingerMs: 60_000, maxItems: 100 });

    await expect(sut.report(JOB_A, StageName.Cache, quick('1'))).resolves.toEqual(done('1'));

    expect(published()).toEqual([{ jobId: JOB_A, stage: StageName.Cache, items: [done('1')] }]);
  });

  it('keeps jobs and stages apart', async () => {
    const sut = new ReportBatcher(publisher, { lingerMs: 50, maxItems: 100 });
    const rendering = inProgress();
    const reports = [sut.report(JOB_A, StageName.Thumbnail, quick('1')), sut.report(JOB_B, StageName.Thumbnail, quick('2')), sut.report(JOB_A, StageName.Cache, quick('3'))];
    void sut.report(JOB_A, StageName.Thumbnail, rendering.work);

    await jest.advanceTimersByTimeAsync(50);
    await Promise.all(reports);

    expect(published()).toEqual([
      { jobId: JOB_A, stage: StageName.Thumbnail, items: [done('1')] },
      { jobId: JOB_B, stage: StageName.Thumbnail, items: [done('2')] },
      { jobId: JOB_A, stage: StageName.Cache, items: [done('3')] },
    ]);
    rendering.finish(done('4'));
  });

  it('publishes a full batch without waiting', async () => {
    const sut = new ReportBatcher(publisher, { lingerMs: 60_000, maxItems: 2 });
    const rendering = inProgress();
    const full = [sut.report(JOB_A, StageName.Cache, quick('1')), sut.report(JOB_A, StageName.Cache, quick('2'))];
    const last = sut.report(JOB_A, StageName.Cache, rendering.work);

    await Promise.all(full);
    expect(published()).toEqual([{ jobId: JOB_A, stage: StageName.Cache, items: [done('1'), done('2')] }]);

    rendering.finish(done('3'));
    await last;
    expect(published()[1]).toEqual({ jobId: JOB_A, stage: StageName.Cache, items: [done('3')] });
  });

  it('publishes each item at once when the linger is 0', async () => {
    const sut = new ReportBatcher(publisher, { lingerMs: 0, maxItems: 100 });
    const rendering = inProgress();
    const last = sut.report(JOB_A, StageName.Thumbnail, rendering.work);

    await sut.report(JOB_A, StageName.Thumbnail, quick('1'));
    expect(published()).toHaveLength(1);

    rendering.finish(done('2'));
    await last;
    expect(published()).toHaveLength(2);
  });

  it('lets the waiting reports go once the last item in progress fails instead', async () => {
    const sut = new ReportBatcher(publisher, { lingerMs: 60_000, maxItems: 100 });
    const rendering = inProgress();
    const waiting = sut.report(JOB_A, StageName.Thumbnail, quick('1'));
    const failing = sut.report(JOB_A, StageName.Thumbnail, rendering.work);

    rendering.fail(new Error('store unreachable'));

    await expect(failing).rejects.toThrow('store unreachable');
    await waiting;
    expect(published()).toEqual([{ jobId: JOB_A, stage: StageName.Thumbnail, items: [done('1')] }]);
  });

  it('fails every report of a batch whose publish fails, so each request is retried', async () => {
    publisher.publish.mockRejectedValueOnce(new Error('channel closed'));
    const sut = new ReportBatcher(publisher, { lingerMs: 10, maxItems: 100 });
    const rendering = inProgress();
    const reports = [sut.report(JOB_A, StageName.Thumbnail, quick('1')), sut.report(JOB_A, StageName.Thumbnail, quick('2'))].map((report) =>
      report.then(() => 'published', (error: Error) => error.message),
    );
    const last = sut.report(JOB_A, StageName.Thumbnail, rendering.work);

    await jest.advanceTimersByTimeAsync(10);
    expect(await Promise.all(reports)).toEqual(['channel closed', 'channel closed']);

    rendering.finish(done('3'));
    await expect(last).resolves.toEqual(done('3'));
    expect(published()[1]).toEqual({ jobId: JOB_A, stage: StageName.Thumbnail, items: [done('3')] });
  });

  it('publishes what waits when the worker shuts down', async () => {
    const sut = new ReportBatcher(publisher, { lingerMs: 60_000, maxItems: 100 });
    const rendering = inProgress();
    const waiting = sut.report(JOB_A, StageName.Thumbnail, quick('1'));
    void sut.report(JOB_A, StageName.Thumbnail, rendering.work);
    await jest.advanceTimersByTimeAsync(0);
    expect(publisher.publish).not.toHaveBeenCalled();

    await sut.beforeApplicationShutdown();

    await waiting;
    expect(published()).toEqual([{ jobId: JOB_A, stage: StageName.Thumbnail, items: [done('1')] }]);
    rendering.finish(done('2'));
  });
});
