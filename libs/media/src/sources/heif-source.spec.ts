import type { Tags } from 'exiftool-vendored';
import { hasHeifTransform, orientationOf } from './heif-source';
import { largestPreview } from './raw-source';

describe(hasHeifTransform.name, () => {
  it('sees the irot and imir properties libheif applies while decoding, so EXIF Orientation is not applied again', () => {
    expect(hasHeifTransform({ Rotation: 'Rotate 90 CW' } as unknown as Tags)).toBe(true);
    expect(hasHeifTransform({ Mirroring: 'Horizontal' } as unknown as Tags)).toBe(true);
  });

  it('leaves EXIF Orientation in charge when the file has no transformation (or a zero one)', () => {
    expect(hasHeifTransform({ Orientation: 6 } as Tags)).toBe(false);
    expect(hasHeifTransform({ Rotation: 'Horizontal (normal)' } as unknown as Tags)).toBe(false);
    expect(orientationOf({ Orientation: 6 } as Tags)).toBe(6);
    expect(orientationOf({ Orientation: 42 } as unknown as Tags)).toBe(1);
  });
});

describe(largestPreview.name, () => {
  it('picks the largest embedded JPEG, never the small ThumbnailImage', () => {
    const tags = { PreviewImage: { bytes: 200_000 }, JpgFromRaw: { bytes: 4_000_000 }, ThumbnailImage: { bytes: 9_000_000 } } as unknown as Tags;
    expect(largestPreview(tags)).toBe('JpgFromRaw');
    expect(largestPreview({ ThumbnailImage: { bytes: 9_000 } } as unknown as Tags)).toBeNull();
  });
});
