import type { DiskFile } from '../walk/library-walker';
import { diffFolder, type StoredImageState } from './folder-differ';

function file(relativePath: string, size = 10, mtimeMs = 1000): DiskFile {
  return { relativePath, absolutePath: `/lib/${relativePath}`, size, mtimeMs };
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
