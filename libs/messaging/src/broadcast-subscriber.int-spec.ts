import { JobStatus, JobType, RoutingKey, type JobUpdatedV1 } from '@mediaflow/contracts';
import { eventually, queueCounts } from '@mediaflow/testing';
import { Types } from 'mongoose';
import { BroadcastSubscriber } from './broadcast-subscriber';
import { testMessagingOptions } from './testing/messaging-test-app';
import { useRecordingApp } from './testing/recording-app.fixture';

const jobUpdated = (): JobUpdatedV1 => ({
  jobId: new Types.ObjectId().toHexString(),
  type: JobType.LibraryScan,
  status: JobStatus.Running,
  stages: [],
});

describe(BroadcastSubscriber.name, () => {
  const options = testMessagingOptions({ consumerGroup: 'api-gateway' });
  const fixture = useRecordingApp(options);
  const replicas: BroadcastSubscriber[] = [];
  const received: Array<Array<{ routingKey: string; jobId: unknown }>> = [];

  beforeAll(async () => {
    for (let n = 0; n < 2; n += 1) {
      const sut = new BroadcastSubscriber(options);
      const inbox: Array<{ routingKey: string; jobId: unknown }> = [];
      await sut.subscribe([RoutingKey.JobUpdated], (routingKey, payload) => inbox.push({ routingKey, jobId: (payload as JobUpdatedV1).jobId }));
      await sut.waitUntilConsuming();
      replicas.push(sut);
      received.push(inbox);
    }
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.onApplicationShutdown()));
  });

  it('delivers every message to every replica of the same consumer group', async () => {
    const payload = jobUpdated();

    await fixture.sut.publisher.publish(RoutingKey.JobUpdated, payload);

    await eventually('both replicas to receive the update', () =>
      received.every((inbox) => inbox.some((entry) => entry.jobId === payload.jobId)),
    );
    expect(received.map((inbox) => inbox.filter((entry) => entry.jobId === payload.jobId).length)).toEqual([1, 1]);
  });

  it('drops an invalid payload and keeps delivering', async () => {
    await fixture.admin.publishRaw(options.exchange, RoutingKey.JobUpdated, Buffer.from('{"jobId":"nope"}'));
    const valid = jobUpdated();

    await fixture.sut.publisher.publish(RoutingKey.JobUpdated, valid);

    await eventually('the valid update after the invalid one', () => received[0]?.some((entry) => entry.jobId === valid.jobId));
    expect(received[0]?.some((entry) => entry.jobId === 'nope')).toBe(false);
  });

  it('gives each replica its own queue, which the broker removes when the replica disconnects', async () => {
    const leaving = new BroadcastSubscriber(options);
    await leaving.subscribe([RoutingKey.JobUpdated], () => undefined);
    await leaving.waitUntilConsuming();
    expect(new Set([...replicas, leaving].map((replica) => replica.queueName)).size).toBe(3);
    // rabbitmqctl, because the broker refuses other connections even a passive look at an exclusive queue
    await expect(queueCounts(leaving.queueName)).resolves.toEqual({ ready: 0, unacked: 0 });

    await leaving.onApplicationShutdown();

    await expect(queueCounts(leaving.queueName)).rejects.toThrow(/does not exist/);
  });

  it('refuses a new routing key once it is consuming', async () => {
    await expect(replicas[0]!.subscribe([RoutingKey.JobFinished], () => undefined)).rejects.toThrow(/before the first subscription/);
  });
});
