import { LibraryChange, RoutingKey } from '@mediaflow/contracts';
import { BrokerAdmin, eventually, queueCounts } from '@mediaflow/testing';
import { Types } from 'mongoose';
import { AmqpServer } from './amqp-server';
import { HandlerBehaviour, RecordingController, ScopedProbe } from './testing/recording.controller';
import { deleteTestTopology } from './testing/topology-cleanup';
import { startTestApp, testMessagingOptions, type TestApp } from './testing/messaging-test-app';

const newId = (): string => new Types.ObjectId().toHexString();

describe(AmqpServer.name, () => {
  let admin: BrokerAdmin;
  const apps: TestApp[] = [];
  const options = testMessagingOptions();

  const start = async (): Promise<TestApp> => {
    const app = await startTestApp(options, [RecordingController], [HandlerBehaviour, ScopedProbe]);
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    admin = await BrokerAdmin.connect();
  });

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  afterAll(async () => {
    await deleteTestTopology(admin, options);
    await admin.close();
  });

  it('acks a message only after its handler resolved', async () => {
    const sut = await start();
    const behaviour = sut.app.get(HandlerBehaviour);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    behaviour.run = () => released;
    const libraryId = newId();

    await sut.publisher.publish(RoutingKey.LibraryChanged, { libraryId, change: LibraryChange.Updated });
    await eventually('the handler to be running', () => sut.server['inFlight'].size === 1);
    const queue = sut.server.queueNames.main;
    await eventually('the broker to count it unacked', async () => (await queueCounts(queue)).unacked === 1);

    release();
    await eventually('the message to be handled', () => behaviour.handled.length === 1);
    await eventually('the broker to see the ack', async () => (await queueCounts(queue)).unacked === 0);
    expect(await queueCounts(queue)).toEqual({ ready: 0, unacked: 0 });
  });

  it('shares one queue between replicas, each message handled once', async () => {
    const [first, second] = [await start(), await start()];
    const slow = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));
    first.app.get(HandlerBehaviour).run = slow;
    second.app.get(HandlerBehaviour).run = slow;
    const ids = Array.from({ length: 40 }, newId);

    await Promise.all(ids.map((libraryId) => first.publisher.publish(RoutingKey.LibraryChanged, { libraryId, change: LibraryChange.Created })));

    const handledBy = (app: TestApp): string[] => app.app.get(HandlerBehaviour).handled.map((record) => record.libraryId);
    await eventually('all 40 messages handled', () => handledBy(first).length + handledBy(second).length === 40);
    expect([...handledBy(first), ...handledBy(second)].sort()).toEqual([...ids].sort());
    expect(handledBy(first).length).toBeGreaterThan(0);
    expect(handledBy(second).length).toBeGreaterThan(0);
  });

  it('lets in-flight handlers finish and acks them during a graceful shutdown', async () => {
    const sut = await start();
    const behaviour = sut.app.get(HandlerBehaviour);
    behaviour.run = () => new Promise((resolve) => setTimeout(resolve, 300));
    await sut.publisher.publish(RoutingKey.LibraryChanged, { libraryId: newId(), change: LibraryChange.Deleted });
    await eventually('the handler to be running', () => sut.server['inFlight'].size === 1);

    await apps.splice(apps.indexOf(sut), 1)[0]?.close();

    expect(behaviour.handled).toHaveLength(1);
    expect(await admin.messageCount(sut.server.queueNames.main)).toBe(0);
  });
});

