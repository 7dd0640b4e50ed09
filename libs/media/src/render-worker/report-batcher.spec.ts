import { ItemOutcome, RoutingKey, StageName, type ItemReport } from '@mediaflow/contracts';
import { ReportBatcher } from './report-batcher';

const JOB_A = '65a1b2c3d4e5f60718293a01';
const JOB_B = '65a1b2c3d4e5f60718293a02';
const done = (itemId: string): ItemReport => ({ itemId, outcome: ItemOutcome.Done });

describe(ReportBatcher.name, () => {
  let publisher: { publish: jest.Mock };

  beforeEach(() => {
    jest.useFakeTimers();
    publisher = { publish: jest.fn().mockResolvedValue(undefined) };
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it("publishes a job's items of one stage as one message once the linger ends, and only then settles each add", async () => {
    const sut = new ReportBatcher(publisher, { lingerMs: 1_000, maxItems: 100 });
    let settled = 0;
    const adds = ['1', '2', '3'].map((id) => sut.add(JOB_A, StageName.Thumbnail, done(id)).then(() => (settled += 1)));

    await jest.advanceTimersByTimeAsync(999);
    expect(publisher.publish).not.toHaveBeenCalled();
    expect(settled).toBe(0);

    await jest.advanceTimersByTimeAsync(1);
    await Promise.all(adds);
    expect(publisher.publish).toHaveBeenCalledTimes(1);
    expect(publisher.publish).toHaveBeenCalledWith(RoutingKey.JobItemsReported, { jobId: JOB_A, stage: StageName.Thumbnail, items: [done('1'), done('2'), done('3')] });
  });

  it('keeps jobs and stages apart', async () => {
    const sut = new ReportBatcher(publisher, { lingerMs: 50, maxItems: 100 });
    const adds = [sut.add(JOB_A, StageName.Thumbnail, done('1')), sut.add(JOB_B, StageName.Thumbnail, done('2')), sut.add(JOB_A, StageName.Cache, done('3'))];

    await jest.advanceTimersByTimeAsync(50);
    await Promise.all(adds);

    expect(publisher.publish.mock.calls.map(([, payload]) => payload)).toEqual([
      { jobId: JOB_A, stage: StageName.Thumbnail, items: [done('1')] },
      { jobId: JOB_B, stage: StageName.Thumbnail, items: [done('2')] },
      { jobId: JOB_A, stage: StageName.Cache, items: [done('3')] },
    ]);
  });

  it('publishes a full batch at once and starts the next one', async () => {
    const sut = new ReportBatcher(publisher, { lingerMs: 10_000, maxItems: 2 });
    const first = [sut.add(JOB_A, StageName.Cache, done('1')), sut.add(JOB_A, StageName.Cache, done('2'))];
    const third = sut.add(JOB_A, StageName.Cache, done('3'));

    await Promise.all(first);
    expect(publisher.publish).toHaveBeenCalledTimes(1);

    await sut.flush();
    await third;
    expect(publisher.publish).toHaveBeenLastCalledWith(RoutingKey.JobItemsReported, { jobId: JOB_A, stage: StageName.Cache, items: [done('3')] });
  });

  it('publishes each item at once when the linger is 0', async () => {
    const sut = new ReportBatcher(publisher, { lingerMs: 0, maxItems: 100 });

    await sut.add(JOB_A, StageName.Thumbnail, done('1'));
    await sut.add(JOB_A, StageName.Thumbnail, done('2'));

    expect(publisher.publish).toHaveBeenCalledTimes(2);
  });

  it('fails every add of a batch whose publish fails, so each request is retried', async () => {
    publisher.publish.mockRejectedValueOnce(new Error('channel closed'));
    const sut = new ReportBatcher(publisher, { lingerMs: 10, maxItems: 100 });
    const adds = [sut.add(JOB_A, StageName.Thumbnail, done('1')), sut.add(JOB_A, StageName.Thumbnail, done('2'))].map((add) => add.then(() => 'published', (error: Error) => error.message));

    await jest.advanceTimersByTimeAsync(10);

    expect(await Promise.all(adds)).toEqual(['channel closed', 'channel closed']);
    const next = sut.add(JOB_A, StageName.Thumbnail, done('3'));
    await jest.advanceTimersByTimeAsync(10);
    await next;
    expect(publisher.publish).toHaveBeenLastCalledWith(RoutingKey.JobItemsReported, { jobId: JOB_A, stage: StageName.Thumbnail, items: [done('3')] });
  });

  it('publishes what waits when the worker shuts down', async () => {
    const sut = new ReportBatcher(publisher, { lingerMs: 60_000, maxItems: 100 });
    const add = sut.add(JOB_A, StageName.Thumbnail, done('1'));

    await sut.beforeApplicationShutdown();

    await add;
    expect(publisher.publish).toHaveBeenCalledTimes(1);
  });
});
