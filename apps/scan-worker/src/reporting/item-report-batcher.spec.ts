import { ItemOutcome, RoutingKey, StageName } from '@mediaflow/contracts';
import type { EventPublisher } from '@mediaflow/messaging';
import { ItemReportBatcher, folderItem, itemIdForPath } from './item-report-batcher';

describe(ItemReportBatcher.name, () => {
  const jobId = '6500000000000000000000aa';
  let publish: jest.Mock;
  let sut: ItemReportBatcher;
  let clockMs: number;

  beforeEach(() => {
    publish = jest.fn().mockResolvedValue(undefined);
    clockMs = 0;
    sut = new ItemReportBatcher({ publish } as unknown as EventPublisher, jobId, StageName.Discover, { batchSize: 2, maxWaitMs: 1_000, now: () => clockMs });
  });

  it('publishes a batch once it is full', async () => {
    await sut.add({ itemId: 'a', outcome: ItemOutcome.Done });
    expect(publish).not.toHaveBeenCalled();

    await sut.add({ itemId: 'b', outcome: ItemOutcome.Done });

    expect(publish).toHaveBeenCalledWith(RoutingKey.JobItemsReported, {
      jobId,
      stage: StageName.Discover,
      items: [
        { itemId: 'a', outcome: ItemOutcome.Done },
        { itemId: 'b', outcome: ItemOutcome.Done },
      ],
    });
  });

  it('publishes what it holds with the first add a second after the last batch, however few', async () => {
    sut = new ItemReportBatcher({ publish } as unknown as EventPublisher, jobId, StageName.Discover, { batchSize: 200, maxWaitMs: 1_000, now: () => clockMs });
    clockMs = 999;
    await sut.add({ itemId: 'a', outcome: ItemOutcome.Done });
    expect(publish).not.toHaveBeenCalled();

    clockMs = 1_000;
    await sut.add({ itemId: 'b', outcome: ItemOutcome.Done });
    clockMs = 1_999;
    await sut.add({ itemId: 'c', outcome: ItemOutcome.Done });
    expect(publish).toHaveBeenCalledTimes(1);

    clockMs = 2_000;
    await sut.add({ itemId: 'd', outcome: ItemOutcome.Done });
    const published = publish.mock.calls.map(([, message]: [unknown, { items: Array<{ itemId: string }> }]) => message.items.map((item) => item.itemId));
    expect(published).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('flushes the rest and counts every item', async () => {
    for (const itemId of ['a', 'b', 'c']) await sut.add({ itemId, outcome: ItemOutcome.Done });

    await sut.flush();
    await sut.flush();

    expect(publish).toHaveBeenCalledTimes(2);
    expect(sut.count).toBe(3);
  });
  it('keeps items added while a batch is being published (folders synced side by side)', async () => {
    let release: () => void = () => undefined;
    publish.mockImplementationOnce(() => new Promise<void>((resolve) => (release = resolve)));
    const first = Promise.all(['a', 'b'].map((itemId) => sut.add({ itemId, outcome: ItemOutcome.Done })));
    await sut.add({ itemId: 'c', outcome: ItemOutcome.Done }); // while a and b are still being published
    expect(sut.count).toBe(3);
    release();
    await first;
    await sut.flush();

    const published = publish.mock.calls.flatMap(([, message]: [unknown, { items: Array<{ itemId: string }> }]) => message.items.map((item) => item.itemId));
    expect(published).toEqual(['a', 'b', 'c']);
    expect(sut.count).toBe(3);
  });
});

describe(itemIdForPath.name, () => {
  it('keeps a short path as it is', () => {
    expect(itemIdForPath('a/b')).toBe('a/b');
  });

  it('hashes a path too long for an item id, stably', () => {
    const long = 'x/'.repeat(150);

    expect(itemIdForPath(long)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(itemIdForPath(long)).toBe(itemIdForPath(long));
  });
});

describe(folderItem.name, () => {
  it('reports the library root as .', () => {
    expect(folderItem('', ItemOutcome.Done)).toEqual({ itemId: '.', outcome: ItemOutcome.Done, path: '.' });
  });

  it('carries the reason of a failed folder', () => {
    expect(folderItem('a/b', ItemOutcome.Failed, 'EACCES')).toEqual({ itemId: 'a/b', outcome: ItemOutcome.Failed, path: 'a/b', reason: 'EACCES' });
  });
});
