import { LibraryChange, RoutingKey } from '@mediaflow/contracts';
import { eventually } from '@mediaflow/testing';
import type { GetMessage } from 'amqplib';
import { Types } from 'mongoose';
import { AmqpServer } from './amqp-server';
import { PermanentMessageError } from './message-errors';
import { MessageHeader } from './message-headers';
import { testMessagingOptions } from './testing/messaging-test-app';
import { useRecordingApp } from './testing/recording-app.fixture';

const newId = (): string => new Types.ObjectId().toHexString();

describe(`${AmqpServer.name} failure handling`, () => {
  const options = testMessagingOptions({ maxAttempts: 3, retryDelaysMs: [150, 300] });
  const fixture = useRecordingApp(options);
  let attempts: Array<{ libraryId: string; attempt: number; at: number }>;

  const nextDeadLetter = (): Promise<GetMessage> =>
    eventually('a message in the dead-letter queue', () => fixture.admin.get(fixture.sut.server.queueNames.deadLetter));

  beforeEach(() => {
    attempts = [];
  });

  it('retries with growing delays, then dead-letters with error, attempts and original routing key', async () => {
    fixture.behaviour.run = async (payload, context) => {
      attempts.push({ libraryId: payload.libraryId, attempt: context.attempt, at: Date.now() });
      throw new Error('disk on fire');
    };
    const libraryId = newId();

    await fixture.sut.publisher.publish(RoutingKey.LibraryChanged, { libraryId, change: LibraryChange.Updated });
    const dead = await nextDeadLetter();

    expect(attempts.map((entry) => entry.attempt)).toEqual([1, 2, 3]);
    const [first, second, third] = attempts.map((entry) => entry.at);
    expect(second! - first!).toBeGreaterThanOrEqual(150);
    expect(third! - second!).toBeGreaterThanOrEqual(300);
    const headers = dead.properties.headers ?? {};
    expect(headers[MessageHeader.Attempt]).toBe(3);
    expect(headers[MessageHeader.OriginalRoutingKey]).toBe(RoutingKey.LibraryChanged);
    expect(String(headers[MessageHeader.Error])).toContain('disk on fire');
    expect(String(headers[MessageHeader.Error])).toContain('gave up after 3 attempts');
    expect(JSON.parse(dead.content.toString())).toEqual({ libraryId, change: LibraryChange.Updated });
  });

  it('dead-letters a permanent failure without retrying', async () => {
    fixture.behaviour.run = async (payload, context) => {
      attempts.push({ libraryId: payload.libraryId, attempt: context.attempt, at: Date.now() });
      throw new PermanentMessageError('library 123 no longer exists');
    };

    await fixture.sut.publisher.publish(RoutingKey.LibraryChanged, { libraryId: newId(), change: LibraryChange.Deleted });
    const dead = await nextDeadLetter();

    expect(attempts).toHaveLength(1);
    expect(String(dead.properties.headers?.[MessageHeader.Error])).toContain('library 123 no longer exists');
  });

  it('dead-letters an invalid payload at once, naming the bad fields, without calling the handler', async () => {
    fixture.behaviour.run = async (payload, context) => {
      attempts.push({ libraryId: payload.libraryId, attempt: context.attempt, at: Date.now() });
    };
    const body = Buffer.from(JSON.stringify({ libraryId: 'not-an-id', change: 'exploded' }));

    await fixture.admin.publishRaw(options.exchange, RoutingKey.LibraryChanged, body);
    const dead = await nextDeadLetter();

    expect(attempts).toHaveLength(0);
    const error = String(dead.properties.headers?.[MessageHeader.Error]);
    expect(error).toContain('libraryId');
    expect(error).toContain('change');
    expect(dead.properties.headers?.[MessageHeader.Attempt]).toBe(1);
  });

  it('dead-letters a body that is not JSON', async () => {
    await fixture.admin.publishRaw(options.exchange, RoutingKey.LibraryChanged, Buffer.from('{oops'));
    const dead = await nextDeadLetter();

    expect(String(dead.properties.headers?.[MessageHeader.Error])).toContain('not valid JSON');
  });
});
