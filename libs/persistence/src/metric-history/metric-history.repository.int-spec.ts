import { uniqueName } from '@mediaflow/testing';
import { startPersistence, type PersistenceTestModule } from '../testing/persistence-test-module';
import { MetricHistoryRepository } from './metric-history.repository';
import { HistoryWindow } from './time-buckets';

const NOW = new Date('2026-06-01T12:00:34Z');
const at = (secondsBefore: number): Date => new Date(NOW.getTime() - secondsBefore * 1_000);

describe(MetricHistoryRepository.name, () => {
  let store: PersistenceTestModule;
  let sut: MetricHistoryRepository;

  beforeAll(async () => {
    store = await startPersistence(uniqueName('mf_metric_history'));
    sut = store.module.get(MetricHistoryRepository);
  });

  afterAll(async () => {
    await store.dispose();
  });

  it('adds the counts of concurrent writers into one point per slot, on both grids', async () => {
    const series = uniqueName('throughput');
    await Promise.all(Array.from({ length: 20 }, () => sut.add(series, at(1), { thumbnail: { done: 2, failed: 1 } })));
    await sut.add(series, at(12), { cache: { done: 5 } });

    const hour = await sut.read(series, HistoryWindow.Hour, NOW);
    const day = await sut.read(series, HistoryWindow.Day, NOW);

    expect(hour.points.at(-1)).toEqual({ thumbnail: { done: 40, failed: 20 } });
    expect(hour.points.at(-3)).toEqual({ cache: { done: 5 } });
    expect(hour.points.filter((point) => point !== null)).toHaveLength(2);
    expect(day.points.at(-1)).toEqual({ thumbnail: { done: 40, failed: 20 }, cache: { done: 5 } });
    expect(day.resolutionMs).toBe(300_000);
  });

  it('folds samples of gauges with max, or min where asked', async () => {
    const series = uniqueName('queues');
    await sut.sample(series, at(3), { 'thumbnail-worker': { messages: 120, consumers: 2 } }, { consumers: 'min' });
    await sut.sample(series, at(2), { 'thumbnail-worker': { messages: 80, consumers: 0 } }, { consumers: 'min' });
    await sut.sample(series, at(1), { 'thumbnail-worker': { messages: 90, consumers: 1 } }, { consumers: 'min' });

    const hour = await sut.read(series, HistoryWindow.Hour, NOW);

    expect(hour.points.at(-1)).toEqual({ 'thumbnail-worker': { messages: 120, consumers: 0 } });
  });

  it('prunes the points each grid no longer keeps, and only those', async () => {
    const series = uniqueName('throughput');
    await sut.add(series, new Date(NOW.getTime() - 3 * 3_600_000), { discover: { done: 1 } });
    await sut.add(series, at(1), { discover: { done: 1 } });

    await sut.prune(NOW);

    expect((await sut.read(series, HistoryWindow.Day, NOW)).points.filter((point) => point !== null)).toHaveLength(2);
    expect((await sut.read(series, HistoryWindow.Hour, NOW)).points.filter((point) => point !== null)).toHaveLength(1);
    const fine = await store.model('MetricBucket').countDocuments({ series, resolution: '5s' });
    expect(fine).toBe(1);
  });
});
