import { failureGroupOf, isRetryableGroup } from './failure-groups';

describe(failureGroupOf.name, () => {
  it('groups by what went wrong, not by the detail of each file', () => {
    expect(failureGroupOf('corrupt or truncated image: VipsJpeg: Premature end of JPEG file')).toBe('corrupt or truncated image');
    expect(failureGroupOf('camera RAW without an embedded JPEG preview (no JpgFromRaw, PreviewImage or OtherImage)')).toBe(
      'camera RAW without an embedded JPEG preview (no JpgFromRaw, PreviewImage or OtherImage)',
    );
    expect(failureGroupOf(null)).toBe('no reason recorded');
  });
});

describe(isRetryableGroup.name, () => {
  it('offers a retry where rendering again can help', () => {
    expect(isRetryableGroup('cannot read file')).toBe(true);
    expect(isRetryableGroup('ffmpeg took longer than 60000 ms (killed)')).toBe(true);
    expect(isRetryableGroup('ffmpeg is not installed on this worker (Debian package ffmpeg)')).toBe(true);
  });

  it('does not where the file itself is the problem', () => {
    expect(isRetryableGroup('corrupt or truncated image')).toBe(false);
    expect(isRetryableGroup('not a supported image (zero-byte file)')).toBe(false);
    expect(isRetryableGroup('image too large')).toBe(false);
  });
});
