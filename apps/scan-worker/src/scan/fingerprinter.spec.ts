import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StatPace } from '../walk/library-walker';
import { Fingerprints, fingerprintFile, fingerprintFileSync } from './fingerprinter';

describe(fingerprintFile.name, () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fingerprint-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function fingerprintOf(name: string, content: Buffer, edgeBytes = 4): Promise<string> {
    await writeFile(join(dir, name), content);
    return fingerprintFile(join(dir, name), edgeBytes);
  }

  it('is 64 hex characters and the same for the same content', async () => {
    const first = await fingerprintOf('a', Buffer.from('hello world'));
    const second = await fingerprintOf('b', Buffer.from('hello world'));

    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toBe(first);
  });

  it('changes with either end of the file', async () => {
    const base = await fingerprintOf('a', Buffer.from('AAAA-middle-ZZZZ'));

    expect(await fingerprintOf('b', Buffer.from('BAAA-middle-ZZZZ'))).not.toBe(base);
    expect(await fingerprintOf('c', Buffer.from('AAAA-middle-ZZZY'))).not.toBe(base);
  });

  it('ignores the middle of a large file but not its size', async () => {
    const base = await fingerprintOf('a', Buffer.from('AAAA-middle-ZZZZ'));

    expect(await fingerprintOf('b', Buffer.from('AAAA-MIDDLE-ZZZZ'))).toBe(base);
    expect(await fingerprintOf('c', Buffer.from('AAAA-midddle-ZZZZ'))).not.toBe(base);
  });
});

describe(Fingerprints.name, () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fingerprints-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the fingerprint of the asynchronous reader, for empty, small and large files', async () => {
    const contents = [Buffer.alloc(0), Buffer.from('small'), Buffer.from('AAAA-a middle longer than both ends-ZZZZ')];
    for (const [index, content] of contents.entries()) {
      const path = join(dir, `file-${index}`);
      await writeFile(path, content);
      const expected = await fingerprintFile(path, 4);
      expect(fingerprintFileSync(path, 4)).toBe(expected);
      expect(await new Fingerprints(4).of(path)).toBe(expected);
    }
  });

  it('reads through the thread pool for the rest of the scan once most of a sample of reads were slow', async () => {
    const path = join(dir, 'photo.jpg');
    await writeFile(path, 'pixels');
    // Every read counts as slow: a threshold of -1 ms, judged in samples of two.
    const fingerprints = new Fingerprints(4, new StatPace(-1, 2));
    await fingerprints.of(path);
    expect(fingerprints.isSynchronous).toBe(true);
    await fingerprints.of(path);
    expect(fingerprints.isSynchronous).toBe(false);
    expect(await fingerprints.of(path)).toBe(await fingerprintFile(path, 4));
  });

  it('rejects for a file that is gone, in either mode', async () => {
    const gone = join(dir, 'gone.jpg');
    await expect(new Fingerprints(4).of(gone)).rejects.toThrow(/ENOENT/);
    const slow = new Fingerprints(4, new StatPace(-1, 1));
    await expect(slow.of(gone)).rejects.toThrow(/ENOENT/);
    expect(slow.isSynchronous).toBe(false);
    await expect(slow.of(gone)).rejects.toThrow(/ENOENT/);
  });
});
