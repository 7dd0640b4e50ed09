import { LibraryChange, RoutingKey } from '@mediaflow/contracts';
import { BrokerAdmin, eventually } from '@mediaflow/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Types } from 'mongoose';
import { AmqpServer } from './amqp-server';
import { startTestApp, testMessagingOptions, type TestApp } from './testing/messaging-test-app';
import { HandlerBehaviour, RecordingController, ScopedProbe } from './testing/recording.controller';
import { deleteTestTopology } from './testing/topology-cleanup';

describe(`${AmqpServer.name} when a replica dies mid-handling`, () => {
  const options = testMessagingOptions({ prefetch: 1 });
  let admin: BrokerAdmin;
  let survivor: TestApp | undefined;
  let doomed: ChildProcess | undefined;
  let doomedOutput = '';

  beforeAll(async () => {
    admin = await BrokerAdmin.connect();
  });

  afterAll(async () => {
    doomed?.kill('SIGKILL');
    await survivor?.close();
    await deleteTestTopology(admin, options);
    await admin.close();
  });

  it('redelivers the unacked message to another replica', async () => {
    doomed = spawn(process.execPath, [path.join(__dirname, 'testing', 'crash-consumer.fixture.js'), JSON.stringify(options)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    doomed.stdout?.on('data', (chunk: Buffer) => (doomedOutput += chunk.toString()));
    await eventually('the doomed replica to consume', () => doomedOutput.includes('consuming'), 60_000);
    const libraryId = new Types.ObjectId().toHexString();
    const body = Buffer.from(JSON.stringify({ libraryId, change: LibraryChange.Created }));

    await admin.publishRaw(options.exchange, RoutingKey.LibraryChanged, body);
    await eventually('the doomed replica to take the message', () => doomedOutput.includes(`started ${libraryId}`));
    survivor = await startTestApp(options, [RecordingController], [HandlerBehaviour, ScopedProbe]);
    const behaviour = survivor.app.get(HandlerBehaviour);
    expect(behaviour.handled).toHaveLength(0);
    doomed.kill('SIGKILL');

    await eventually('the survivor to handle the redelivered message', () => behaviour.handled.length === 1);
    expect(behaviour.handled[0]?.libraryId).toBe(libraryId);
  });
});
