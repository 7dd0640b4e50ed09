export type DeletionVerdict = { allowed: true } | { allowed: false; reason: string };

/**
 * Refuses a scan's deletions when they would remove more than `maxRatio` of the library's live
 * images: a vanished mount or a renamed parent folder looks exactly like mass deletion.
 */
export function judgeDeletion(missing: number, liveBefore: number, maxRatio: number): DeletionVerdict {
  if (missing === 0 || liveBefore === 0) return { allowed: true };
  const ratio = missing / liveBefore;
  if (ratio <= maxRatio) return { allowed: true };
  const percent = (value: number): string => `${Math.round(value * 100)}%`;
  return {
    allowed: false,
    reason:
      `${missing} of ${liveBefore} images (${percent(ratio)}) are missing, more than the ${percent(maxRatio)} a scan may delete; ` +
      'nothing was deleted. Check that the library folder is mounted and complete, then scan again.',
  };
}
