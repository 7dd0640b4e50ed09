import { createHash } from 'node:crypto';
import type { DiskFile } from './library-walker';
import { listingDigest } from './listing-digest';

const file = (relativePath: string, size = 10, mtimeMs = 1_000): DiskFile => ({ relativePath, size, mtimeMs });

describe('listingDigest', () => {
  const listing = [file('a/1.jpg'), file('a/2.jpg')];

  it('is the same for the same listing', () => {
    expect(listingDigest([file('a/1.jpg'), file('a/2.jpg')])).toBe(listingDigest(listing));
  });

  it.each([
    ['a file added', [...listing, file('a/3.jpg')]],
    ['a file gone', [file('a/1.jpg')]],
    ['a size changed', [file('a/1.jpg', 11), file('a/2.jpg')]],
    ['an mtime changed', [file('a/1.jpg'), file('a/2.jpg', 10, 1_001)]],
    ['a file renamed', [file('a/1.jpg'), file('a/20.jpg')]],
  ])('changes with %s', (_, changed) => {
    expect(listingDigest(changed)).not.toBe(listingDigest(listing));
  });

  it('is the digest of every file line hashed in turn, so the digests earlier versions stored stay valid', () => {
    const lineByLine = createHash('sha1');
    for (const { relativePath, size, mtimeMs } of listing) lineByLine.update(`${relativePath}\0${size}\0${mtimeMs}\n`);

    expect(listingDigest(listing)).toBe(lineByLine.digest('base64url'));
  });

  it('does not let one path run into the next', () => {
    expect(listingDigest([file('a/1.jpg', 12)])).not.toBe(listingDigest([file('a/1.jpg1', 2)]));
  });
});
