import { connect, type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { testBrokerUrl } from './config/test-env';

const execFileAsync = promisify(execFile);

/** A plain amqplib connection for tests to inspect and clean up queues behind the transport's back. */
export class BrokerAdmin {
  private constructor(
    private readonly model: ChannelModel,
    private readonly channel: Channel,
  ) {}

  static async connect(url = testBrokerUrl()): Promise<BrokerAdmin> {
    const model = await connect(url);
    const channel = await model.createChannel();
    return new BrokerAdmin(model, channel);
  }

  async messageCount(queue: string): Promise<number> {
    const { messageCount } = await this.channel.checkQueue(queue);
    return messageCount;
  }

  async get(queue: string): Promise<GetMessage | false> {
    return this.channel.get(queue, { noAck: true });
  }

  async publishRaw(exchange: string, routingKey: string, body: Buffer, headers: Record<string, unknown> = {}): Promise<void> {
    this.channel.publish(exchange, routingKey, body, { persistent: true, headers, contentType: 'application/json' });
    await Promise.resolve();
  }

  async deleteExchangeAndQueues(exchange: string, queues: string[]): Promise<void> {
    for (const queue of queues) await this.channel.deleteQueue(queue);
    await this.channel.deleteExchange(exchange);
  }

  async close(): Promise<void> {
    await this.model.close();
  }
}

/** Makes the broker drop every client connection, as a broker restart or network cut would. */
export async function closeAllBrokerConnections(): Promise<void> {
  await execFileAsync('rabbitmqctl', ['close_all_connections', 'test: simulated broker outage']);
}

export interface QueueCounts {
  ready: number;
  unacked: number;
}

/** Ready and unacknowledged message counts as the broker itself reports them. */
export async function queueCounts(queue: string): Promise<QueueCounts> {
  const { stdout } = await execFileAsync('rabbitmqctl', [
    'list_queues',
    'name',
    'messages_ready',
    'messages_unacknowledged',
    '--formatter',
    'json',
    '--quiet',
  ]);
  const rows = JSON.parse(stdout) as Array<{ name: string; messages_ready: number; messages_unacknowledged: number }>;
  const row = rows.find((candidate) => candidate.name === queue);
  if (!row) throw new Error(`queue ${queue} does not exist`);
  return { ready: row.messages_ready, unacked: row.messages_unacknowledged };
}

/** Drops the broker connections whose client-given name starts with `namePrefix`, as a network cut would. */
export async function dropBrokerConnections(namePrefix: string): Promise<number> {
  // The table output gives pids in the form close_connection accepts (the JSON output does not).
  const { stdout } = await execFileAsync('rabbitmqctl', ['list_connections', 'pid', 'client_properties', '--quiet', '--no-table-headers']);
  const pids = stdout
    .split('\n')
    .filter((line) => line.includes(`{"connection_name","${namePrefix}`))
    .map((line) => line.split('\t')[0] ?? '');
  for (const pid of pids) {
    await execFileAsync('rabbitmqctl', ['close_connection', pid, 'test: simulated broker outage']);
  }
  return pids.length;
}
