import { describeError, PermanentMessageError } from './message-errors';
import type { MessagingOptions } from './messaging.options';
import { retryDelayFor } from './topology';

export type FailureDecision =
  | { action: 'retry'; nextAttempt: number; delayMs: number; reason: string }
  | { action: 'dead-letter'; reason: string };

/** What happens to a message whose handling failed on the given attempt (1-based). */
export function decideOnFailure(
  error: unknown,
  attempt: number,
  options: Pick<MessagingOptions, 'maxAttempts' | 'retryDelaysMs'>,
): FailureDecision {
  const reason = describeError(error);
  if (error instanceof PermanentMessageError) {
    return { action: 'dead-letter', reason: `${error.name}: ${reason}` };
  }
  if (attempt >= options.maxAttempts) {
    return { action: 'dead-letter', reason: `gave up after ${attempt} attempts: ${reason}` };
  }
  return { action: 'retry', nextAttempt: attempt + 1, delayMs: retryDelayFor(attempt, options.retryDelaysMs), reason };
}
