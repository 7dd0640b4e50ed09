import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realpathSync } from 'node:fs';
import { resolveLibraryRoot } from './library-root.validator';

describe(resolveLibraryRoot.name, () => {
  let base: string;
  let allowed: string;

  beforeEach(async () => {
    base = realpathSync(await mkdtemp(join(tmpdir(), 'mf-roots-')));
    allowed = join(base, 'allowed');
    await mkdir(join(allowed, 'photos'), { recursive: true });
    await mkdir(join(base, 'elsewhere'));
  });

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('returns the realpath of a directory inside an allowed root', async () => {
    await symlink(join(allowed, 'photos'), join(allowed, 'link'));
    await expect(resolveLibraryRoot(join(allowed, 'link'), [allowed])).resolves.toBe(join(allowed, 'photos'));
  });

  it('accepts an allowed root itself', async () => {
    await expect(resolveLibraryRoot(allowed, ['/nowhere', allowed])).resolves.toBe(allowed);
  });

  it('refuses a path outside the allowed roots, listing them', async () => {
    await expect(resolveLibraryRoot(join(base, 'elsewhere'), [allowed, '/other'])).rejects.toThrow(
      `rootPath ${join(base, 'elsewhere')} is outside the allowed roots: ${allowed}, /other`,
    );
  });

  it('refuses a symlink inside a root that points outside it', async () => {
    await symlink(join(base, 'elsewhere'), join(allowed, 'escape'));
    await expect(resolveLibraryRoot(join(allowed, 'escape'), [allowed])).rejects.toThrow(/outside the allowed roots/);
  });

  it('refuses a sibling whose name merely starts like the root', async () => {
    await mkdir(`${allowed}-2`);
    await expect(resolveLibraryRoot(`${allowed}-2`, [allowed])).rejects.toThrow(/outside the allowed roots/);
  });

  it('refuses a path that does not exist', async () => {
    await expect(resolveLibraryRoot(join(allowed, 'missing'), [allowed])).rejects.toThrow(`rootPath ${join(allowed, 'missing')} does not exist`);
  });

  it('refuses a file', async () => {
    await writeFile(join(allowed, 'a.jpg'), 'x');
    await expect(resolveLibraryRoot(join(allowed, 'a.jpg'), [allowed])).rejects.toThrow(/is not a directory/);
  });

  it('refuses a relative path', async () => {
    await expect(resolveLibraryRoot('photos', [allowed])).rejects.toThrow(/must be an absolute path/);
  });
  // An unreadable directory cannot be set up here: the tests run as root, which reads everything.
});
