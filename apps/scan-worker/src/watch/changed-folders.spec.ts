import { FileChangeKind } from '@mediaflow/contracts';
import { PathFilter } from '@mediaflow/media';
import { batchScope, changedFolders, isFolderWalked } from './changed-folders';

const { Added, Modified, Removed } = FileChangeKind;

describe(changedFolders.name, () => {
  it('gives each changed file’s folder once, the root as ""', () => {
    expect(
      changedFolders([
        { kind: Added, relativePath: 'b/x.jpg' },
        { kind: Modified, relativePath: 'top.jpg' },
        { kind: Removed, relativePath: 'b/y.jpg' },
      ]),
    ).toEqual(['', 'b']);
  });

  it('adds a removed path without an image extension, which may have been a folder', () => {
    expect(changedFolders([{ kind: Removed, relativePath: 'albums/2019' }])).toEqual(['albums', 'albums/2019']);
  });
});

describe(isFolderWalked.name, () => {
  const filter = new PathFilter({ include: [], exclude: ['private/**', 'private'] });

  it('walks ordinary folders and the root', () => {
    expect(isFolderWalked(filter, '')).toBe(true);
    expect(isFolderWalked(filter, 'a/b')).toBe(true);
  });

  it('does not walk a folder below an excluded or junk one', () => {
    expect(isFolderWalked(filter, 'private/x')).toBe(false);
    expect(isFolderWalked(filter, 'a/@eaDir/b')).toBe(false);
  });
});

describe(batchScope.name, () => {
  it('holds the changed paths and what lies below a removed folder, not their neighbours', () => {
    const inScope = batchScope([
      { kind: Added, relativePath: 'a/new.jpg' },
      { kind: Removed, relativePath: 'albums/2019' },
    ]);

    expect(['a/new.jpg', 'albums/2019/x.jpg', 'albums/2019/deep/y.jpg'].every(inScope)).toBe(true);
    expect(['a/other.jpg', 'albums/2019x/z.jpg', 'albums/top.jpg'].some(inScope)).toBe(false);
  });
});
