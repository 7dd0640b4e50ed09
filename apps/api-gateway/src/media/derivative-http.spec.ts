import { DerivativeKind } from '@mediaflow/contracts';
import { cacheControlFor, contentTypeOf, derivativeEtag, matchesIfNoneMatch } from './derivative-http';

describe('derivative HTTP helpers', () => {
  it('names the content type from the extension', () => {
    expect(contentTypeOf('thumbnail/l/ab/x-1.webp')).toBe('image/webp');
    expect(contentTypeOf('cache/l/ab/x-1.JPG')).toBe('image/jpeg');
  });

  it('changes the ETag when the fingerprint changes and keeps it otherwise', () => {
    const etag = derivativeEtag('id', DerivativeKind.Thumbnail, 'fp1', 'p');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(derivativeEtag('id', DerivativeKind.Thumbnail, 'fp1', 'p')).toBe(etag);
    expect(derivativeEtag('id', DerivativeKind.Thumbnail, 'fp2', 'p')).not.toBe(etag);
    expect(derivativeEtag('id', DerivativeKind.Cache, 'fp1', 'p')).not.toBe(etag);
  });

  it('matches If-None-Match lists, weak tags and *', () => {
    expect(matchesIfNoneMatch('"a", "b"', '"b"')).toBe(true);
    expect(matchesIfNoneMatch('W/"b"', '"b"')).toBe(true);
    expect(matchesIfNoneMatch('*', '"b"')).toBe(true);
    expect(matchesIfNoneMatch('"a"', '"b"')).toBe(false);
    expect(matchesIfNoneMatch(undefined, '"b"')).toBe(false);
  });

  it('lets a response be cached for good only when the URL names the current fingerprint', () => {
    expect(cacheControlFor('fp1', 'fp1', 60)).toBe('private, max-age=60, immutable');
    expect(cacheControlFor('old', 'fp1', 60)).toBe('private, no-cache');
    expect(cacheControlFor(undefined, 'fp1', 60)).toBe('private, no-cache');
  });
});
