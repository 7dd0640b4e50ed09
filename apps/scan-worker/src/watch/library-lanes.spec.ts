import { LibraryLanes } from './library-lanes';

describe(LibraryLanes.name, () => {
  it('runs a library’s work one after another and counts what waits behind the running one', async () => {
    const sut = new LibraryLanes();
    const seen: Array<[string, number]> = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = sut.run('lib', async () => {
      await gate;
      seen.push(['first', sut.queuedBehind('lib')]);
    });
    const second = sut.run('lib', async () => {
      seen.push(['second', sut.queuedBehind('lib')]);
    });
    const other = sut.run('other', async () => {
      seen.push(['other', sut.queuedBehind('other')]);
    });
    await other;
    release();
    await Promise.all([first, second]);
    expect(seen).toEqual([
      ['other', 0],
      ['first', 1],
      ['second', 0],
    ]);
  });

  it('counts nothing behind once a failed work ended', async () => {
    const sut = new LibraryLanes();
    await expect(sut.run('lib', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(sut.queuedBehind('lib')).toBe(0);
    await expect(sut.run('lib', () => Promise.resolve(sut.queuedBehind('lib')))).resolves.toBe(0);
  });
});
