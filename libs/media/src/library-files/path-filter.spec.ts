import { PathFilter, isJunk, isSupported } from './path-filter';

describe(PathFilter.name, () => {
  it('keeps every supported file when there are no globs', () => {
    const sut = new PathFilter({ include: [], exclude: [] });
    expect(sut.keepsFile('a.JPG', 'x/a.JPG')).toBe(true);
    expect(sut.keepsFile('a.txt', 'x/a.txt')).toBe(false);
  });

  it('applies include globs relative to the library root, to files only', () => {
    const sut = new PathFilter({ include: ['keep/**'], exclude: [] });
    expect(sut.keepsFile('a.jpg', 'keep/a.jpg')).toBe(true);
    expect(sut.keepsFile('a.jpg', 'other/a.jpg')).toBe(false);
    expect(sut.entersFolder('other', 'other')).toBe(true);
  });

  it('prunes excluded folders and files', () => {
    const sut = new PathFilter({ include: [], exclude: ['private/**', '**/*.gif'] });
    expect(sut.entersFolder('private', 'private')).toBe(false);
    expect(sut.keepsFile('a.jpg', 'private/a.jpg')).toBe(false);
    expect(sut.keepsFile('b.gif', 'x/b.gif')).toBe(false);
    expect(sut.keepsFile('b.png', 'x/b.png')).toBe(true);
  });

  it('never enters junk folders', () => {
    const sut = new PathFilter({ include: [], exclude: [] });
    expect(sut.entersFolder('@eaDir', '@eaDir')).toBe(false);
    expect(sut.entersFolder('#snapshot', 'a/#snapshot')).toBe(false);
  });
});

describe('isJunk', () => {
  it.each(['.DS_Store', '._a.jpg', '.hidden', '@eaDir', '#recycle', '#snapshot'])('treats %s as junk', (name) => {
    expect(isJunk(name)).toBe(true);
  });

  it('keeps ordinary names', () => {
    expect(isJunk('holiday.jpg')).toBe(false);
  });
});

describe('isSupported', () => {
  it.each(['a.jpg', 'a.JPEG', 'a.png', 'a.WebP', 'a.gif', 'a.tif', 'a.TIFF', 'a.avif', 'a.svg', 'a.HEIC', 'a.heif', 'a.hif', 'a.dng', 'a.CR3', 'a.nef', 'a.arw', 'a.x3f', 'a.mp4', 'a.MOV', 'a.mkv', 'a.mts'])('supports %s', (name) => {
    expect(isSupported(name)).toBe(true);
  });

  it.each(['a.txt', 'jpg', 'a.jpg.bak', 'a.mp3'])('rejects %s', (name) => {
    expect(isSupported(name)).toBe(false);
  });
});
