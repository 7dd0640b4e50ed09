/**
 * Render failure reasons are "<what went wrong>: <detail>" (libs/media's RenderError texts); the part
 * before the first ': ' is the group a person acts on ("corrupt or truncated image", "camera RAW without
 * an embedded JPEG preview"), the detail differs from file to file.
 */
export function failureGroupOf(reason: string | null | undefined): string {
  if (!reason?.trim()) return 'no reason recorded';
  const separator = reason.indexOf(': ');
  return (separator > 0 ? reason.slice(0, separator) : reason).trim();
}

/**
 * Whether rendering again can help without anyone changing the file: the worker could not read it, a tool
 * was missing or ran out of time. Corrupt, unsupported or oversized files fail the same way again.
 */
export function isRetryableGroup(group: string): boolean {
  return /^cannot read file|took longer than|is not installed|cannot run on this worker|could not be started/i.test(group);
}
