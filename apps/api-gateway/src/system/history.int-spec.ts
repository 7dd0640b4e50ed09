import { ItemOutcome, StageName } from '@mediaflow/contracts';
import { HistoryWindow, ThroughputRecorder } from '@mediaflow/persistence';
import { testBrokerUrl } from '@mediaflow/testing';
import { connect, type ChannelModel } from 'amqplib';
import { GatewayUnderTest, VIEWER_KEY } from '../testing/gateway-test-harness';
import { HistoryService } from './history.service';
import { QueueHistorySampler } from './queue-history.sampler';

// A slot start of both grids (5 s and 5 min), so the points below are whole.
const SLOT = new Date('2026-06-01T12:00:00Z');
const after = (seconds: number): Date => new Date(SLOT.getTime() + seconds * 1_000);
const done = (count: number, prefix: string) => Array.from({ length: count }, (_, n) => ({ itemId: `${prefix}-${n}`, outcome: ItemOutcome.Done }));

describe('GET /system/history', () => {
  let sut: GatewayUnderTest;
  let broker: ChannelModel;

  beforeAll(async () => {
    sut = await GatewayUnderTest.start();
    broker = await connect(testBrokerUrl());
  });

  afterAll(async () => {
    await broker?.close();
    await sut?.stop();
  });

  it('turns the recorded items into items per second, per stage and point', async () => {
    const recorder = sut.service.app.get(ThroughputRecorder);
    await recorder.recordItems(StageName.Thumbnail, done(10, 't'), after(1));
    await recorder.recordItems(StageName.Thumbnail, [{ itemId: 'bad', outcome: ItemOutcome.Failed, reason: 'corrupt' }], after(2));
    await recorder.recordItems(StageName.Cache, done(5, 'c'), after(6));
    await recorder.recordFilesDiscovered(40, after(3));

    const hour = await sut.service.app.get(HistoryService).read(HistoryWindow.Hour, after(8));
    const thumbnail = hour.throughput.find((series) => series.stage === StageName.Thumbnail)!;
    const cache = hour.throughput.find((series) => series.stage === StageName.Cache)!;

    expect(hour.resolutionSeconds).toBe(5);
    expect(hour.times.slice(-2)).toEqual([after(0).getTime(), after(5).getTime()]);
    expect(thumbnail.done.slice(-2)).toEqual([2, 0]);
    expect(thumbnail.failed.slice(-2)).toEqual([0.2, 0]);
    // The last point is still filling: its rate is over the 3 s of it that have passed at `after(8)`.
    expect(cache.done.slice(-2)).toEqual([0, 1.67]);
    expect(hour.filesDiscovered.slice(-2)).toEqual([8, 0]);
  });

  it('keeps, per point, the largest backlog and the fewest consumers sampled, and a gap where a queue does not exist', async () => {
    const channel = await broker.createChannel();
    const queue = `${sut.service.env.AMQP_EXCHANGE}.thumbnail-worker`;
    await channel.assertQueue(queue, { durable: false, autoDelete: false });
    for (let n = 0; n < 3; n += 1) channel.sendToQueue(queue, Buffer.from('{}'));
    const sampler = sut.service.app.get(QueueHistorySampler);
    await new Promise((resolve) => setTimeout(resolve, 200));

    await sampler.sample(after(1));
    await channel.purgeQueue(queue);
    await sampler.sample(after(2));
    await sampler.sample(after(6));
    await channel.deleteQueue(queue);
    await channel.close();

    const hour = await sut.service.app.get(HistoryService).read(HistoryWindow.Hour, after(8));
    const thumbnails = hour.queues.find((series) => series.service === 'thumbnail-worker')!;
    const scanWorker = hour.queues.find((series) => series.service === 'scan-worker')!;
    expect(thumbnails.messages.slice(-2)).toEqual([3, 0]);
    expect(thumbnails.consumers.slice(-2)).toEqual([0, 0]);
    expect(scanWorker.messages.slice(-2)).toEqual([null, null]);
  });

  it('answers over HTTP for the last ten minutes, hour and day, and names the windows it knows', async () => {
    const recent = await sut.call('GET', '/api/v1/system/history?window=10m', { key: VIEWER_KEY });
    const hour = await sut.call('GET', '/api/v1/system/history', { key: VIEWER_KEY });
    const day = await sut.call('GET', '/api/v1/system/history?window=24h', { key: VIEWER_KEY });
    const week = await sut.call('GET', '/api/v1/system/history?window=week', { key: VIEWER_KEY });

    expect(hour.status).toBe(200);
    expect(recent.body.times).toHaveLength(120);
    expect(hour.body.times).toHaveLength(720);
    expect(hour.body.throughput.map((series: { stage: string }) => series.stage)).toEqual(Object.values(StageName));
    expect(day.body.resolutionSeconds).toBe(300);
    expect(day.body.queues[0].messages).toHaveLength(288);
    expect(week.status).toBe(400);
    expect(JSON.stringify(week.body)).toContain('window must be one of 10m, 1h, 24h');
  });
});
