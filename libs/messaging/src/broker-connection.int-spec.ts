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
});
