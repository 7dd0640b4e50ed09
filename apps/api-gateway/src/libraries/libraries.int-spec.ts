import { LibraryChange, RoutingKey } from '@mediaflow/contracts';
import { eventually } from '@mediaflow/testing';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GatewayUnderTest } from '../testing/gateway-test-harness';
import { LibrariesController } from './libraries.controller';

describe(LibrariesController.name, () => {
  let sut: GatewayUnderTest;

  beforeAll(async () => {
    sut = await GatewayUnderTest.start();
  });

  afterAll(async () => {
    await sut?.stop();
  });

  const changesOf = (libraryId: string): unknown[] =>
    sut.capture.messagesOf(RoutingKey.LibraryChanged).filter((message) => message.payload.libraryId === libraryId).map((message) => message.payload.change);

  it('creates a library with its realpath and announces it', async () => {
    const rootPath = await sut.folder('created');
    await symlink(rootPath, join(sut.libraryRoot, 'created-link'));
    const response = await sut.call('POST', '/api/v1/libraries', {
      body: { name: 'Created', rootPath: join(sut.libraryRoot, 'created-link'), include: ['**/*.jpg'], exclude: ['tmp/**'], watch: true },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ name: 'Created', rootPath, include: ['**/*.jpg'], exclude: ['tmp/**'], watch: true, status: 'online' });
    await eventually('library.changed.v1 created', () => changesOf(response.body.id).includes(LibraryChange.Created));
    expect((await sut.call('GET', `/api/v1/libraries/${response.body.id}`)).body).toEqual(response.body);
  });

  it('refuses a rootPath outside the allowed roots, naming them', async () => {
    const response = await sut.call('POST', '/api/v1/libraries', { body: { name: 'Outside', rootPath: '/tmp' } });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code: 'ROOT_PATH_OUTSIDE_ALLOWED_ROOTS',
      message: expect.stringMatching(new RegExp(`^rootPath /tmp is outside the allowed roots: ${sut.libraryRoot}, `)),
    });
  });

  it('refuses a rootPath that does not exist', async () => {
    const rootPath = join(sut.libraryRoot, 'missing');
    const response = await sut.call('POST', '/api/v1/libraries', { body: { name: 'Missing', rootPath } });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(`rootPath ${rootPath} does not exist`);
  });

  it('refuses a rootPath that is a file', async () => {
    const rootPath = join(sut.libraryRoot, 'photo.jpg');
    await writeFile(rootPath, 'not a folder');
    const response = await sut.call('POST', '/api/v1/libraries', { body: { name: 'File', rootPath } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('ROOT_PATH_NOT_DIRECTORY');
  });

  it('answers 409 for a duplicate name', async () => {
    await sut.createLibrary('Twin', 'twin-a');
    const response = await sut.call('POST', '/api/v1/libraries', { body: { name: 'Twin', rootPath: await sut.folder('twin-b') } });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'LIBRARY_NAME_TAKEN', message: expect.stringContaining('"Twin"') });
  });

  it('answers 409 for a rootPath another library indexes, even through a symlink', async () => {
    const first = await sut.createLibrary('Same root A', 'same-root');
    await symlink(first.rootPath, join(sut.libraryRoot, 'same-root-link'));
    const response = await sut.call('POST', '/api/v1/libraries', { body: { name: 'Same root B', rootPath: join(sut.libraryRoot, 'same-root-link') } });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('LIBRARY_ROOT_TAKEN');
  });

  it('updates a library and announces it', async () => {
    const library = await sut.createLibrary('Before', 'patched');
    const response = await sut.call('PATCH', `/api/v1/libraries/${library.id}`, { body: { name: 'After', watch: true, exclude: ['raw/**'] } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ name: 'After', watch: true, exclude: ['raw/**'], rootPath: library.rootPath });
    await eventually('library.changed.v1 updated', () => changesOf(library.id).includes(LibraryChange.Updated));
  });

  it('refuses to change rootPath through PATCH', async () => {
    const library = await sut.createLibrary('Fixed root', 'fixed-root');
    const response = await sut.call('PATCH', `/api/v1/libraries/${library.id}`, { body: { rootPath: await sut.folder('elsewhere') } });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([{ field: 'rootPath', message: 'rootPath is not a known field' }]);
  });

  it('deletes the library document only, announces it and then answers 404', async () => {
    const library = await sut.createLibrary('Doomed', 'doomed');
    await writeFile(join(library.rootPath, 'keep.jpg'), 'source file');
    const response = await sut.call('DELETE', `/api/v1/libraries/${library.id}`);
    expect(response.status).toBe(204);
    await eventually('library.changed.v1 deleted', () => changesOf(library.id).includes(LibraryChange.Deleted));
    expect((await sut.call('GET', `/api/v1/libraries/${library.id}`)).status).toBe(404);
    expect((await sut.call('DELETE', `/api/v1/libraries/${library.id}`)).status).toBe(404);
    await expect(mkdir(library.rootPath)).rejects.toThrow(/EEXIST/);
  });

  it('pages through libraries with a cursor', async () => {
    for (const name of ['Page 1', 'Page 2', 'Page 3']) await sut.createLibrary(name, name.replace(' ', '-'));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = await sut.call('GET', `/api/v1/libraries${query}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await sut.libraries.countDocuments());
  });
});
