import { LibraryChange, RoutingKey } from '@mediaflow/contracts';
import { eventually } from '@mediaflow/testing';
import { Types } from 'mongoose';
import { MessageContext } from './message-context';
import { testMessagingOptions } from './testing/messaging-test-app';
import { useRecordingApp } from './testing/recording-app.fixture';

const MESSAGES = 60;

describe(`${MessageContext.name} scope per message`, () => {
  const options = testMessagingOptions({ prefetch: MESSAGES });
  const fixture = useRecordingApp(options);

  it(`gives each of ${MESSAGES} concurrent messages its own scoped instances and correlation data`, async () => {
    let running = 0;
    let maxRunning = 0;
    fixture.behaviour.run = async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80));
      running -= 1;
    };
    const ids = Array.from({ length: MESSAGES }, () => new Types.ObjectId().toHexString());

    await Promise.all(
      ids.map((libraryId) =>
        fixture.sut.publisher.publish(
          RoutingKey.LibraryChanged,
          { libraryId, change: LibraryChange.Updated },
          { correlationId: `corr-${libraryId}` },
        ),
      ),
    );
    await eventually('every message handled', () => fixture.behaviour.handled.length === MESSAGES);

    expect(maxRunning).toBeGreaterThan(10);
    expect(new Set(fixture.behaviour.handled.map((record) => record.scopedInstanceId)).size).toBe(MESSAGES);
    for (const record of fixture.behaviour.handled) {
      expect(record.correlationId).toBe(`corr-${record.libraryId}`);
      expect(record.logCorrelationId).toBe(`corr-${record.libraryId}`);
    }
  });
});
