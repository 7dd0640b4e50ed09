import { LibraryChange, RoutingKey } from '@mediaflow/contracts';
import { eventually } from '@mediaflow/testing';
import { Types } from 'mongoose';
import { PermanentMessageError } from './message-errors';
import { QueueInspector } from './queue-inspector';
import { testMessagingOptions } from './testing/messaging-test-app';
import { useRecordingApp } from './testing/recording-app.fixture';

describe(QueueInspector.name, () => {
  const options = testMessagingOptions();
  const fixture = useRecordingApp(options);
  let sut: QueueInspector;

  beforeAll(() => {
    sut = new QueueInspector(options, fixture.sut.broker);
  });

  afterAll(async () => {
    await sut.onApplicationShutdown();
  });

  it('reports depth, consumers and dead letters of a consumer group', async () => {
    await expect(sut.describe('svc')).resolves.toEqual({
      consumerGroup: 'svc',
      queue: `${options.exchange}.svc`,
      messages: 0,
      consumers: 1,
      deadLetterQueue: `${options.exchange}.svc.dead-letter`,
      deadLetters: 0,
    });
  });

  it('reports nulls for a group whose queues do not exist', async () => {
    await expect(sut.describe('nobody')).resolves.toMatchObject({ messages: null, consumers: null, deadLetters: null });
  });

  it('replays a parked message into the group queue as a first attempt, under its original routing key', async () => {
    const libraryId = new Types.ObjectId().toHexString();
    let failedOnce = false;
    fixture.behaviour.run = async (payload) => {
      if (payload.libraryId !== libraryId || failedOnce) return;
      failedOnce = true;
      throw new PermanentMessageError('not yet');
    };
    await fixture.sut.publisher.publish(RoutingKey.LibraryChanged, { libraryId, change: LibraryChange.Updated });
    await eventually('the message to be parked', async () => (await sut.describe('svc')).deadLetters === 1);

    await expect(sut.replayDeadLetters('svc')).resolves.toEqual({ replayed: 1, kept: 0 });

    await eventually('the replayed message to be handled', () => fixture.behaviour.handled.some((entry) => entry.libraryId === libraryId));
    expect(fixture.behaviour.handled.find((entry) => entry.libraryId === libraryId)?.attempt).toBe(1);
    expect((await sut.describe('svc')).deadLetters).toBe(0);
  });

  it('keeps a parked message that has no original routing key', async () => {
    await fixture.admin.publishRaw('', `${options.exchange}.svc.dead-letter`, Buffer.from('{}'));
    await eventually('the message to be parked', async () => (await sut.describe('svc')).deadLetters === 1);

    await expect(sut.replayDeadLetters('svc')).resolves.toEqual({ replayed: 0, kept: 1 });

    await eventually('the message to be back in the queue', async () => (await sut.describe('svc')).deadLetters === 1);
  });
});
