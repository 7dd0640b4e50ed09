import { DerivativeKind } from '@mediaflow/contracts';
import { createHash } from 'node:crypto';
import { extname } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.avif': 'image/avif',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * A strong ETag from what identifies the bytes: the image, the kind, the fingerprint the file was
 * rendered from and its store path (which itself carries the fingerprint).
 */
export function derivativeEtag(imageId: string, kind: DerivativeKind, sourceFingerprint: string | null, path: string): string {
  const digest = createHash('sha256').update(`${imageId}\0${kind}\0${sourceFingerprint ?? ''}\0${path}`).digest('base64url');
  return `"${digest.slice(0, 27)}"`;
}

/** RFC 9110 If-None-Match: `*` or a list of (possibly weak) tags, compared weakly. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const strip = (tag: string): string => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => strip(tag) === strip(etag));
}

/**
 * The URL /images/:id/<kind> does not change when the image does, so it is only immutable when the
 * client names the fingerprint it expects (`?v=`, as in the image's derivative URL) and it matches;
 * otherwise the browser revalidates, which costs a 304.
 */
export function cacheControlFor(requestedVersion: string | undefined, sourceFingerprint: string | null | undefined, maxAgeSeconds: number): string {
  if (requestedVersion && sourceFingerprint && requestedVersion === sourceFingerprint) {
    return `private, max-age=${maxAgeSeconds}, immutable`;
  }
  return 'private, no-cache';
}
