import { QueueNames, retryDelayFor } from './topology';

describe(QueueNames.name, () => {
  const sut = new QueueNames({ exchange: 'mediaflow', consumerGroup: 'scan-worker' });

  it('names the queues of a consumer group after the exchange and the group', () => {
    expect([sut.main, sut.deadLetter, sut.retry(5_000)]).toEqual([
      'mediaflow.scan-worker',
      'mediaflow.scan-worker.dead-letter',
      'mediaflow.scan-worker.retry.5000ms',
    ]);
  });

  it('names the broadcast queue of one replica after the group and the instance', () => {
    expect(sut.broadcast('ab12cd34')).toBe('mediaflow.scan-worker.broadcast.ab12cd34');
  });
});

describe(retryDelayFor.name, () => {
  it('uses the n-th delay for the n-th retry and repeats the last', () => {
    expect([1, 2, 3, 9].map((retry) => retryDelayFor(retry, [10, 20, 30]))).toEqual([10, 20, 30, 30]);
  });
});
