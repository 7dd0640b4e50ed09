import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PathFilter } from '@mediaflow/media';
import { FileStats, pathInLibrary, StatPace, walkLibrary, type WalkedFolder } from './library-walker';

describe(walkLibrary.name, () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'walker-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function file(relativePath: string, content = 'x'): Promise<void> {
    await mkdir(join(root, relativePath, '..'), { recursive: true });
    await writeFile(join(root, relativePath), content);
  }

  async function walk(filter = new PathFilter({ include: [], exclude: [] }), from = root): Promise<WalkedFolder[]> {
    const folders: WalkedFolder[] = [];
    for await (const folder of walkLibrary(from, filter)) folders.push(folder);
    return folders;
  }

  it('yields each folder once with its own supported files', async () => {
    await file('a.jpg', 'abc');
    await file('notes.txt');
    await file('sub/b.PNG');
    await file('sub/deeper/c.webp');

    const folders = await walk();

    expect(folders.map((folder) => [folder.relativePath, folder.files.map((f) => f.relativePath)])).toEqual([
      ['', ['a.jpg']],
      ['sub', ['sub/b.PNG']],
      ['sub/deeper', ['sub/deeper/c.webp']],
    ]);
    expect(folders[0]?.files[0]).toMatchObject({ relativePath: 'a.jpg', size: 3 });
  });

  it('gives the absolute paths join would, whatever the spelling of the root', async () => {
    await file('sub/b.jpg');
    const spellings = [`${root}/`, `${root}//sub/..`, relative(process.cwd(), root)];

    for (const spelling of spellings) {
      const folders = await walk(undefined, spelling);
      expect(folders.flatMap((folder) => folder.files.map((f) => pathInLibrary(spelling, f.relativePath)))).toEqual([join(root, 'sub/b.jpg')]);
    }
  });

  it('skips hidden files and junk folders', async () => {
    await file('.DS_Store');
    await file('._a.jpg');
    await file('.hidden/a.jpg');
    await file('@eaDir/a.jpg');
    await file('#recycle/a.jpg');
    await file('ok.jpg');

    const folders = await walk();

    expect(folders.map((folder) => folder.relativePath)).toEqual(['']);
    expect(folders[0]?.files.map((f) => f.relativePath)).toEqual(['ok.jpg']);
  });

  it('does not follow a symlink to a parent folder', async () => {
    await file('sub/a.jpg');
    await symlink(root, join(root, 'sub', 'loop'));
    await symlink(join(root, 'sub', 'a.jpg'), join(root, 'link.jpg'));

    const folders = await walk();

    expect(folders.map((folder) => folder.relativePath)).toEqual(['', 'sub']);
    expect(folders.flatMap((folder) => folder.files.map((f) => f.relativePath))).toEqual(['sub/a.jpg']);
  });

  it('applies include and exclude globs', async () => {
    await file('keep/a.jpg');
    await file('keep/private/b.jpg');
    await file('other/c.jpg');

    const folders = await walk(new PathFilter({ include: ['keep/**'], exclude: ['**/private'] }));

    expect(folders.flatMap((folder) => folder.files.map((f) => f.relativePath))).toEqual(['keep/a.jpg']);
  });

  it('reports a folder it cannot list instead of failing the walk', async () => {
    const folders: WalkedFolder[] = [];
    for await (const folder of walkLibrary(join(root, 'gone'), new PathFilter({ include: [], exclude: [] }))) folders.push(folder);

    expect(folders).toEqual([{ relativePath: '', files: [], unreadable: expect.stringContaining('ENOENT') }]);
  });

  describe(FileStats.name, () => {
    const names = ['a.jpg', 'b.jpg', 'gone.jpg', 'c.jpg'];

    beforeEach(async () => {
      await file('a.jpg', 'a');
      await file('b.jpg', 'bb');
      await file('c.jpg', 'ccc');
    });

    it('stats synchronously while stats are fast, skipping a file gone since the listing', async () => {
      const sut = new FileStats(undefined, new StatPace(60_000, 2));

      const files = await sut.of(root, names);

      expect(files.map((found) => [found.relativePath, found.size])).toEqual([['a.jpg', 1], ['b.jpg', 2], ['c.jpg', 3]]);
      expect(sut.isSynchronous).toBe(true);
    });

    it('switches to parallel asynchronous stats for the rest of the walk once the stats are round trips', async () => {
      const sut = new FileStats(undefined, new StatPace(-1, 2));

      const first = await sut.of(root, names);
      const second = await sut.of(root, names);

      expect(sut.isSynchronous).toBe(false);
      expect(first.map((found) => found.relativePath)).toEqual(['a.jpg', 'b.jpg', 'c.jpg']);
      expect(second).toEqual(first);
    });

    it('lists folders synchronously while they answer at once, then through the thread pool, the same entries', async () => {
      const sut = new FileStats(undefined, new StatPace(-1, 2));
      const names = async () => (await sut.entries(root)).map((entry) => entry.name).sort();

      const first = await names();
      expect(sut.isSynchronous).toBe(true);
      const second = await names();
      expect(sut.isSynchronous).toBe(false); // two slow listings: a sample of two, most of it slow
      expect(await names()).toEqual(first);
      expect(second).toEqual(first);
      expect(first).toEqual(['a.jpg', 'b.jpg', 'c.jpg']);
    });

    it('finds the same files whatever the configured number of stats in flight', async () => {
      const oneAtATime = new FileStats(1, new StatPace(-1, 1));
      const twoAtATime = new FileStats(2, new StatPace(-1, 1));

      const [one, two] = [await oneAtATime.of(root, names), await twoAtATime.of(root, names)];

      expect(one.map((found) => found.relativePath)).toEqual(['a.jpg', 'b.jpg', 'c.jpg']);
      expect(two).toEqual(one);
    });
  });

  describe(StatPace.name, () => {
    const FAST = 0.004;
    const SLOW = 2;

    it('keeps a walk synchronous through a pause that delays one stat of a sample', () => {
      const sut = new StatPace(0.25, 32);

      const verdicts = [SLOW, ...Array.from({ length: 63 }, () => FAST), 40, ...Array.from({ length: 31 }, () => FAST)].map((ms) => sut.roundTrips(ms));

      expect(verdicts.some(Boolean)).toBe(false);
    });

    it('calls them round trips once more than half of a sample were slow', () => {
      const sut = new StatPace(0.25, 32);
      const sample = [...Array.from({ length: 17 }, () => SLOW), ...Array.from({ length: 15 }, () => FAST)];

      const verdicts = sample.map((ms) => sut.roundTrips(ms));

      expect(verdicts.slice(0, 31).some(Boolean)).toBe(false);
      expect(verdicts[31]).toBe(true);
    });

    it('judges each sample on its own: half slow is not most', () => {
      const sut = new StatPace(0.25, 4);

      const verdicts = [SLOW, SLOW, FAST, FAST, SLOW, SLOW, SLOW, FAST].map((ms) => sut.roundTrips(ms));

      expect(verdicts).toEqual([false, false, false, false, false, false, false, true]);
    });
  });
});
