import type { DiskFile } from '../walk/library-walker';
import { diffFolder, scopeDiff, type StoredImageState } from './folder-differ';

function file(relativePath: string, size = 10, mtimeMs = 1000): DiskFile {
  return { relativePath, size, mtimeMs };
}

function image(relativePath: string, size = 10, mtimeMs = 1000, deletedAt: Date | null = null): StoredImageState {
  return { relativePath, size, mtimeMs, deletedAt };
}

describe(diffFolder.name, () => {
  it('finds added files', () => {
    const sut = diffFolder([file('a.jpg')], []);

    expect(sut.added.map((f) => f.relativePath)).toEqual(['a.jpg']);
  });

  it('treats a different size or mtime as changed', () => {
    const sut = diffFolder([file('a.jpg', 11), file('b.jpg', 10, 2000)], [image('a.jpg'), image('b.jpg')]);

    expect(sut.changed.map((pair) => pair.file.relativePath)).toEqual(['a.jpg', 'b.jpg']);
    expect(sut.unchanged).toEqual([]);
  });

  it('leaves identical files unchanged', () => {
    const sut = diffFolder([file('a.jpg')], [image('a.jpg')]);

    expect(sut.unchanged).toHaveLength(1);
    expect(sut.added.length + sut.changed.length + sut.missing.length).toBe(0);
  });

  it('revives a soft-deleted row whose file is back', () => {
    const sut = diffFolder([file('a.jpg')], [image('a.jpg', 10, 1000, new Date())]);

    expect(sut.changed).toHaveLength(1);
  });

  it('reports live rows without a file as missing, and ignores deleted ones', () => {
    const live = image('gone.jpg');
    const sut = diffFolder([], [live, image('old.jpg', 10, 1000, new Date())]);

    expect(sut.missing).toEqual([live]);
  });
});

describe(scopeDiff.name, () => {
  it('adds, changes and misses only paths in scope, keeping the other live rows as they are', () => {
    const whole = diffFolder(
      [file('in-new.jpg'), file('out-new.jpg'), file('in-changed.jpg', 11), file('out-changed.jpg', 11), file('same.jpg')],
      [image('in-changed.jpg'), image('out-changed.jpg'), image('same.jpg'), image('in-gone.jpg'), image('out-gone.jpg')],
    );

    const sut = scopeDiff(whole, (path) => path.startsWith('in-'));

    expect(sut.added.map((f) => f.relativePath)).toEqual(['in-new.jpg']);
    expect(sut.changed.map((pair) => pair.file.relativePath)).toEqual(['in-changed.jpg']);
    expect(sut.missing.map((row) => row.relativePath)).toEqual(['in-gone.jpg']);
    expect(sut.unchanged).toHaveLength(1);
    expect(sut.untouchedLive).toBe(2); // out-changed.jpg and out-gone.jpg
  });
});
