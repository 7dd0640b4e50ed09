import { decideOnFailure } from './failure-policy';
import { InvalidMessageError, PermanentMessageError } from './message-errors';

describe(decideOnFailure.name, () => {
  const options = { maxAttempts: 4, retryDelaysMs: [100, 1_000] };

  it('retries a transient failure with the delay for that attempt', () => {
    expect(decideOnFailure(new Error('timeout'), 1, options)).toEqual({ action: 'retry', nextAttempt: 2, delayMs: 100, reason: 'timeout' });
  });

  it('repeats the last delay once the list runs out', () => {
    expect(decideOnFailure(new Error('timeout'), 3, options)).toMatchObject({ action: 'retry', nextAttempt: 4, delayMs: 1_000 });
  });

  it('dead-letters on the last allowed attempt', () => {
    expect(decideOnFailure(new Error('timeout'), 4, options)).toEqual({ action: 'dead-letter', reason: 'gave up after 4 attempts: timeout' });
  });

  it('dead-letters a permanent failure on the first attempt', () => {
    expect(decideOnFailure(new PermanentMessageError('gone'), 1, options)).toEqual({ action: 'dead-letter', reason: 'PermanentMessageError: gone' });
  });

  it('treats an invalid message as permanent', () => {
    expect(decideOnFailure(new InvalidMessageError('bad'), 1, options).action).toBe('dead-letter');
  });

  it('describes errors that are not Error instances', () => {
    expect(decideOnFailure({ status: 'error', message: 'x' }, 1, options).reason).toBe('{"status":"error","message":"x"}');
  });
});
