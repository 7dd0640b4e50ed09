/**
 * The source image cannot be rendered and retrying will not change that (corrupt, truncated, empty,
 * unsupported, too large, unreadable). `message` is the reason shown to people.
 */
export class RenderError extends Error {
  override readonly name: string = 'RenderError';
}
