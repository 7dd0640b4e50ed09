/** AMQP headers Mediaflow sets. Correlation id travels in the standard `correlationId` property. */
export const MessageHeader = {
  JobId: 'x-job-id',
  /** 1 on first delivery; a retry carries the attempt it will be. */
  Attempt: 'x-attempt',
  /** Routing key the message was first published with; retries and dead letters keep it. */
  OriginalRoutingKey: 'x-original-routing-key',
  Error: 'x-error',
  FailedAt: 'x-failed-at',
  FailedBy: 'x-failed-by',
  /** Set by quorum queues: how often the broker redelivered without an ack (consumer died). */
  DeliveryCount: 'x-delivery-count',
} as const;

export type HeaderValues = Record<string, unknown>;

export function headerString(headers: HeaderValues | undefined, name: string): string | undefined {
  const value = headers?.[name];
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return undefined;
}

export function headerNumber(headers: HeaderValues | undefined, name: string): number | undefined {
  const value = headers?.[name];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}
