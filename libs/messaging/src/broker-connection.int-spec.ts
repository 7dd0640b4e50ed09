import { testBrokerUrl } from '@mediaflow/testing';
import { Socket } from 'node:net';
import { BrokerConnection } from './broker-connection';

describe(BrokerConnection.name, () => {
  const connection = new BrokerConnection(testBrokerUrl(), 'no-delay-test');
  const setNoDelay = jest.spyOn(Socket.prototype, 'setNoDelay');

  afterAll(async () => {
    await connection.close();
    setNoDelay.mockRestore();
  });

  // With Nagle's algorithm on, a publish bigger than one frame waited for the broker's delayed ACK (about
  // 40 ms each); the spy only watches, the real socket is set.
  it("turns Nagle's algorithm off on its socket", async () => {
    await connection.open();
    await connection.waitUntilConnected(10_000);

    const socket = (connection.channelModel?.connection as unknown as { stream: Socket }).stream;
    const callsOnSocket = setNoDelay.mock.contexts.flatMap((context, call) => (context === socket ? [setNoDelay.mock.calls[call]?.[0]] : []));
    expect(callsOnSocket.at(-1)).toBe(true);
  });

  // amqplib as published wrote each frame with a socket write of its own: with TCP_NODELAY, a syscall and a
  // packet per publish or ack. Its writer is patched (patches/amqplib+2.3.1.patch) to cork the socket while a
  // turn's frames are written, so they leave in one writev (or a few, as the socket's buffer fills).
  it('sends a burst of publishes in a few socket writes, not one each', async () => {
    await connection.waitUntilConnected(10_000);
    const model = connection.channelModel!;
    const channel = await model.createConfirmChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true });
    const socket = (model.connection as unknown as { stream: { _write: () => void; _writev: () => void } }).stream;
    const writes = [jest.spyOn(socket, '_write'), jest.spyOn(socket, '_writev')];
    const body = Buffer.from(JSON.stringify({ jobId: '6b13497de482955b625f9184', imageId: '6b13497de482955b625f9185', fingerprint: 'f'.repeat(40) }));

    await Promise.all(
      Array.from(
        { length: 400 },
        () => new Promise<void>((resolve, reject) => channel.publish('', queue, body, {}, (error) => (error ? reject(error) : resolve()))),
      ),
    );
    const socketWrites = writes.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
    writes.forEach((spy) => spy.mockRestore());
    const { messageCount } = await channel.checkQueue(queue);
    await channel.close();

    expect(messageCount).toBe(400);
    expect(socketWrites).toBeGreaterThan(0);
    expect(socketWrites).toBeLessThan(40);
  });
});
