/**
 * Thrown by a handler when retrying cannot help (the input itself is wrong, the referenced record is
 * gone): the message goes straight to the dead-letter queue with this error.
 */
export class PermanentMessageError extends Error {
  override readonly name: string = 'PermanentMessageError';
}

/** The payload does not match its routing key's contract. */
export class InvalidMessageError extends PermanentMessageError {
  override readonly name: string = 'InvalidMessageError';
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
