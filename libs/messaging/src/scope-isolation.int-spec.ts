import { LibraryChange, RoutingKey } from '@mediaflow/contracts';
import { BrokerAdmin, eventually } from '@mediaflow/testing';
import { Types } from 'mongoose';
import { MessageContext } from './message-context';
import { startTestApp, testMessagingOptions, type TestApp } from './testing/messaging-test-app';
import { HandlerBehaviour, RecordingController, ScopedProbe } from './testing/recording.controller';
import { deleteTestTopology } from './testing/topology-cleanup';

const MESSAGES = 60;

describe(`${MessageContext.name} scope per message`, () => {
  const options = testMessagingOptions({ prefetch: MESSAGES });
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

  it(`gives each of ${MESSAGES} concurrent messages its own scoped instances and correlation data`, async () => {
    const behaviour = sut.app.get(HandlerBehaviour);
    let running = 0;
    let maxRunning = 0;
    behaviour.run = async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80));
      running -= 1;
    };
    const ids = Array.from({ length: MESSAGES }, () => new Types.ObjectId().toHexString());

    await Promise.all(
      ids.map((libraryId) =>
        sut.publisher.publish(
          RoutingKey.LibraryChanged,
          { libraryId, change: LibraryChange.Updated },
          { correlationId: `corr-${libraryId}` },
        ),
      ),
    );
    await eventually('every message handled', () => behaviour.handled.length === MESSAGES);

    expect(maxRunning).toBeGreaterThan(10);
    expect(new Set(behaviour.handled.map((record) => record.scopedInstanceId)).size).toBe(MESSAGES);
    for (const record of behaviour.handled) {
      expect(record.correlationId).toBe(`corr-${record.libraryId}`);
      expect(record.logCorrelationId).toBe(`corr-${record.libraryId}`);
    }
  });
});
