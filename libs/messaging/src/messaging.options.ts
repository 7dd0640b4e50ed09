export interface MessagingOptions {
  /** amqp:// URL of the broker. */
  url: string;
  /** Name of the durable topic exchange every message goes through. */
  exchange: string;
  /** Consumer group: the service name. Replicas of a service share one queue named after it. */
  consumerGroup: string;
  /** Unacknowledged messages one replica holds at once (per-consumer prefetch). */
  prefetch: number;
  /** Handling attempts before a message is parked in the dead-letter queue. */
  maxAttempts: number;
  /** Delay before retry n (the last one repeats). One delayed queue per distinct value. */
  retryDelaysMs: number[];
  /** A publish that the broker has not confirmed within this time rejects. */
  publishTimeoutMs: number;
  /** How long shutdown waits for in-flight handlers before closing anyway. */
  shutdownTimeoutMs: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export const DEFAULT_MESSAGING_OPTIONS: Omit<MessagingOptions, 'url' | 'consumerGroup'> = {
  exchange: 'mediaflow',
  prefetch: 16,
  maxAttempts: 5,
  retryDelaysMs: [1_000, 5_000, 30_000, 120_000],
  publishTimeoutMs: 10_000,
  shutdownTimeoutMs: 30_000,
};
