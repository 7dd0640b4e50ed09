const DUPLICATE_KEY = 11000;

/** True for the store's "a unique index already holds this key" error, from a single write or a bulk one. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
}

interface WriteErrorLike {
  index: number;
  code: number;
}

/**
 * The positions an unordered bulk insert skipped because of duplicate keys, or undefined when the
 * error is anything else (a validation or network error must not pass for "already there").
 */
export function duplicatePositions(error: unknown): Set<number> | undefined {
  const writeErrors = (error as { writeErrors?: WriteErrorLike[] } | null)?.writeErrors;
  if (!Array.isArray(writeErrors) || writeErrors.length === 0) return undefined;
  if (!writeErrors.every((writeError) => writeError.code === DUPLICATE_KEY)) return undefined;
  return new Set(writeErrors.map((writeError) => writeError.index));
}
