import { BrokerAdmin } from '@mediaflow/testing';
import type { MessagingOptions } from '../messaging.options';
import { startTestApp, type TestApp } from './messaging-test-app';
import { HandlerBehaviour, RecordingController, ScopedProbe } from './recording.controller';
import { deleteTestTopology } from './topology-cleanup';

export interface RecordingAppFixture {
  readonly sut: TestApp;
  readonly admin: BrokerAdmin;
  readonly behaviour: HandlerBehaviour;
}

/**
 * For a describe block: before all, a broker admin connection and one app with the recording handler;
 * after all, both closed and the topology deleted. Read the fields inside tests, not at definition time.
 */
export function useRecordingApp(options: MessagingOptions): RecordingAppFixture {
  let sut: TestApp | undefined;
  let admin: BrokerAdmin | undefined;

  beforeAll(async () => {
    admin = await BrokerAdmin.connect();
    sut = await startTestApp(options, [RecordingController], [HandlerBehaviour, ScopedProbe]);
  });

  afterAll(async () => {
    await sut?.close();
    if (admin) {
      await deleteTestTopology(admin, options);
      await admin.close();
    }
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useRecordingApp: read the fixture inside a test, after beforeAll ran');
    return value;
  };
  return {
    get sut() {
      return started(sut);
    },
    get admin() {
      return started(admin);
    },
    get behaviour() {
      return started(sut).app.get(HandlerBehaviour);
    },
  };
}
