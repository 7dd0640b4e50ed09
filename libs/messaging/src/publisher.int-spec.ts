import { LibraryChange, RoutingKey } from '@mediaflow/contracts';
import { dropBrokerConnections, eventually } from '@mediaflow/testing';
import { Types } from 'mongoose';
import { BrokerPublisher } from './broker-publisher';
import { InvalidMessageError } from './message-errors';
import { testMessagingOptions } from './testing/messaging-test-app';
import { useRecordingApp } from './testing/recording-app.fixture';

const newId = (): string => new Types.ObjectId().toHexString();
const body = (): Buffer => Buffer.from(JSON.stringify({ libraryId: newId(), change: LibraryChange.Created }));

describe(BrokerPublisher.name, () => {
  const options = testMessagingOptions({ consumerGroup: `pub-${newId()}` });
  const fixture = useRecordingApp(options);

  it('resolves once the broker confirmed the message', async () => {
    await fixture.sut.broker.publish(options.exchange, RoutingKey.LibraryChanged, body(), { persistent: true });

    await eventually('the message to be handled', () => fixture.behaviour.handled.length === 1);
  });

  it('rejects when the exchange does not exist, and keeps publishing afterwards', async () => {
    const missing = `${options.exchange}.missing`;

    await expect(fixture.sut.broker.publish(missing, RoutingKey.LibraryChanged, body(), {})).rejects.toThrow(/NOT_FOUND.*no exchange/);
    await expect(fixture.sut.broker.publish(options.exchange, RoutingKey.LibraryChanged, body(), {})).resolves.toBeUndefined();
  });

  it('rejects at once, without waiting for a reconnect, while the connection is gone', async () => {
    await fixture.sut.app.get(BrokerPublisher).onApplicationShutdown();

    await expect(fixture.sut.broker.publish(options.exchange, RoutingKey.LibraryChanged, body(), {})).rejects.toThrow(
      /not connected to the broker/,
    );
  });

  it('refuses a payload that breaks its contract before it reaches the broker', async () => {
    const invalid = { libraryId: 'nope', change: LibraryChange.Created };

    await expect(fixture.sut.publisher.publish(RoutingKey.LibraryChanged, invalid)).rejects.toThrow(InvalidMessageError);
  });
});

describe(`${BrokerPublisher.name} after a broker outage`, () => {
  const options = testMessagingOptions({ consumerGroup: `outage-${newId()}` });
  const fixture = useRecordingApp(options);

  it('reconnects, re-declares its topology and resumes consuming after the broker closed its connections', async () => {
    const behaviour = fixture.behaviour;
    await fixture.sut.publisher.publish(RoutingKey.LibraryChanged, { libraryId: newId(), change: LibraryChange.Created });
    await eventually('the first message handled', () => behaviour.handled.length === 1);

    const dropped = await dropBrokerConnections(options.consumerGroup);
    expect(dropped).toBe(2);
    await eventually('the outage to be noticed', () => !fixture.sut.server.isConsuming || !fixture.sut.broker.isConnected, 10_000, 5).catch(() => true);
    await fixture.sut.server.waitUntilConsuming();
    await fixture.sut.broker.waitUntilConnected();

    await fixture.sut.publisher.publish(RoutingKey.LibraryChanged, { libraryId: newId(), change: LibraryChange.Updated });
    await eventually('the message after the outage handled', () => behaviour.handled.length === 2);
  });
});
