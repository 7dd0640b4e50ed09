import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprintFile } from './fingerprinter';

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
