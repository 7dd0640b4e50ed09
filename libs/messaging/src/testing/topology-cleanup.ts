import type { BrokerAdmin } from '@mediaflow/testing';
import type { MessagingOptions } from '../messaging.options';
import { QueueNames } from '../topology';

/** Deletes everything a test's consumer group declared, so test runs leave the broker as they found it. */
export async function deleteTestTopology(admin: BrokerAdmin, options: MessagingOptions): Promise<void> {
  const names = new QueueNames(options);
  const retryQueues = [...new Set(options.retryDelaysMs)].map((delayMs) => names.retry(delayMs));
  await admin.deleteExchangeAndQueues(options.exchange, [names.main, names.deadLetter, ...retryQueues]);
}
