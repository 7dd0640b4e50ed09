import { LibraryChange, RoutingKey } from '@mediaflow/contracts';
import { BrokerAdmin, dropBrokerConnections, eventually } from '@mediaflow/testing';
import { Types } from 'mongoose';
import { BrokerPublisher } from './broker-publisher';
import { InvalidMessageError } from './message-errors';
import { startTestApp, testMessagingOptions, type TestApp } from './testing/messaging-test-app';
import { HandlerBehaviour, RecordingController, ScopedProbe } from './testing/recording.controller';
import { deleteTestTopology } from './testing/topology-cleanup';

const newId = (): string => new Types.ObjectId().toHexString();
const body = (): Buffer => Buffer.from(JSON.stringify({ libraryId: newId(), change: LibraryChange.Created }));

describe(BrokerPublisher.name, () => {
  const options = testMessagingOptions({ consumerGroup: `pub-${newId()}` });
  let admin: BrokerAdmin;
  let sut: TestApp;

  beforeAll(async () => {
    admin = await BrokerAdmin.connect();
    sut = await startTestApp(options, [RecordingController], [HandlerBehaviour, ScopedProbe]);
  });

  afterAll(async () => {
    await sut.close();
    await deleteTestTopology(admin, options);
    await admin.close();
  });

  it('resolves once the broker confirmed the message', async () => {
    await sut.broker.publish(options.exchange, RoutingKey.LibraryChanged, body(), { persistent: true });

    await eventually('the message to be handled', () => sut.app.get(HandlerBehaviour).handled.length === 1);
  });

  it('rejects when the exchange does not exist, and keeps publishing afterwards', async () => {
    const missing = `${options.exchange}.missing`;

    await expect(sut.broker.publish(missing, RoutingKey.LibraryChanged, body(), {})).rejects.toThrow(/NOT_FOUND.*no exchange/);
    await expect(sut.broker.publish(options.exchange, RoutingKey.LibraryChanged, body(), {})).resolves.toBeUndefined();
  });

  it('rejects at once, without waiting for a reconnect, while the connection is gone', async () => {
    await sut.app.get(BrokerPublisher).onApplicationShutdown();

    await expect(sut.broker.publish(options.exchange, RoutingKey.LibraryChanged, body(), {})).rejects.toThrow(
      /not connected to the broker/,
    );
  });

  it('refuses a payload that breaks its contract before it reaches the broker', async () => {
    const invalid = { libraryId: 'nope', change: LibraryChange.Created };

    await expect(sut.publisher.publish(RoutingKey.LibraryChanged, invalid)).rejects.toThrow(InvalidMessageError);
  });
});

describe(`${BrokerPublisher.name} after a broker outage`, () => {
  const options = testMessagingOptions({ consumerGroup: `outage-${newId()}` });
  let admin: BrokerAdmin;
  let sut: TestApp;

  beforeAll(async () => {
    admin = await BrokerAdmin.connect();
    sut = await startTestApp(options, [RecordingController], [HandlerBehaviour, ScopedProbe]);
  });

  afterAll(async () => {
    await sut.close();
    await deleteTestTopology(admin, options);
    await admin.close();
  });

  it('reconnects, re-declares its topology and resumes consuming after the broker closed its connections', async () => {
    const behaviour = sut.app.get(HandlerBehaviour);
    await sut.publisher.publish(RoutingKey.LibraryChanged, { libraryId: newId(), change: LibraryChange.Created });
    await eventually('the first message handled', () => behaviour.handled.length === 1);

    const dropped = await dropBrokerConnections(options.consumerGroup);
    expect(dropped).toBe(2);
    await eventually('the outage to be noticed', () => !sut.server.isConsuming || !sut.broker.isConnected, 10_000, 5).catch(() => true);
    await sut.server.waitUntilConsuming();
    await sut.broker.waitUntilConnected();

    await sut.publisher.publish(RoutingKey.LibraryChanged, { libraryId: newId(), change: LibraryChange.Updated });
    await eventually('the message after the outage handled', () => behaviour.handled.length === 2);
  });
});
