import { Types } from 'mongoose';
import { GatewayUnderTest } from '../testing/gateway-test-harness';
import { MediaQueryService } from './media-query.service';

describe(`${MediaQueryService.name} (image metadata)`, () => {
  let sut: GatewayUnderTest;
  let libraryId: Types.ObjectId;
  let collectionId: Types.ObjectId;

  beforeAll(async () => {
    sut = await GatewayUnderTest.start();
    libraryId = new Types.ObjectId((await sut.createLibrary('Metadata')).id);
    collectionId = (await sut.collections.create({ libraryId, relativePath: 'trip', imageCount: 5 }))._id;
  });

  afterAll(async () => {
    await sut?.stop();
  });

  const addImage = (name: string, deletedAt: Date | null = null) =>
    sut.images.create({ libraryId, collectionId, relativePath: `trip/${name}`, size: 100, mtimeMs: 1, fingerprint: `fp-${name}`, deletedAt });

  /** What the thumbnail-worker records in image_metadata after reading the file. */
  const read = (image: { _id: Types.ObjectId; fingerprint: string | null }, takenAt: string, fields: Record<string, unknown> = {}) =>
    sut.metadata.create({
      _id: image._id,
      libraryId,
      collectionId,
      sourceFingerprint: image.fingerprint ?? '',
      mediaType: 'image',
      mimeType: 'image/jpeg',
      width: 300,
      height: 400,
      takenAt,
      takenAtSource: 'exif',
      takenAtSort: new Date(takenAt),
      updatedAt: new Date(),
      ...fields,
    });

  it('returns the metadata fields with their exact names in the detail and the list', async () => {
    const image = await addImage('camera.jpg');
    await read(image, '2021-06-15T14:30:00+02:00', {
      camera: { make: 'Apple', model: 'iPhone 12' },
      lens: 'back camera',
      exposure: { iso: 100, fNumber: 1.6, exposureTime: 0.01, focalLength: 4.2 },
      gps: { latitude: 48.8584, longitude: 2.2945, altitude: 35 },
    });
    const expected = {
      mediaType: 'image',
      mimeType: 'image/jpeg',
      width: 300,
      height: 400,
      takenAt: '2021-06-15T14:30:00+02:00',
      takenAtSource: 'exif',
      camera: { make: 'Apple', model: 'iPhone 12' },
      lens: 'back camera',
      exposure: { iso: 100, fNumber: 1.6, exposureTime: 0.01, focalLength: 4.2 },
      gps: { latitude: 48.8584, longitude: 2.2945, altitude: 35 },
      durationMs: null,
    };
    expect((await sut.call('GET', `/api/v1/images/${image._id.toString()}`)).body).toMatchObject(expected);
    const list = await sut.call('GET', `/api/v1/collections/${collectionId.toString()}/images`);
    expect(list.body.items.find((item: { id: string }) => item.id === image._id.toString())).toMatchObject(expected);
  });

  it('shows nulls for metadata read from older content of the file, and a video by its extension until read', async () => {
    const stale = await addImage('changed.jpg');
    await read({ _id: stale._id, fingerprint: 'fp-older' }, '2020-01-01T00:00:00');
    const video = await addImage('clip.mov');
    const staleView = (await sut.call('GET', `/api/v1/images/${stale._id.toString()}`)).body;
    expect(staleView).toMatchObject({ mediaType: 'image', takenAt: null, camera: null, width: null });
    expect((await sut.call('GET', `/api/v1/images/${video._id.toString()}`)).body).toMatchObject({ mediaType: 'video', durationMs: null });
  });

  it('lists a collection in takenAt order, page by page, the images not read yet last and deleted ones never', async () => {
    const own = (await sut.collections.create({ libraryId, relativePath: 'ordered', imageCount: 5 }))._id;
    const add = (name: string, deletedAt: Date | null = null) =>
      sut.images.create({ libraryId, collectionId: own, relativePath: `ordered/${name}`, size: 1, mtimeMs: 1, fingerprint: `fp-${name}`, deletedAt });
    const readInto = async (name: string, takenAt: string, deletedAt: Date | null = null) => {
      const image = await add(name, deletedAt);
      await read(image, takenAt, { collectionId: own });
    };
    await readInto('c.jpg', '2022-01-01T00:00:00Z');
    await readInto('a.jpg', '2019-05-05T10:00:00+02:00');
    await add('unread-1.jpg');
    await readInto('b.jpg', '2020-07-07T07:07:07Z');
    await readInto('gone.jpg', '2021-01-01T00:00:00Z', new Date());
    await add('unread-2.jpg');

    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: Array<{ relativePath: string }>; nextCursor: string | null } } = await sut.call(
        'GET',
        `/api/v1/collections/${own.toString()}/images?sort=takenAt&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      names.push(...page.body.items.map((item) => item.relativePath));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(names).toEqual(['ordered/a.jpg', 'ordered/b.jpg', 'ordered/c.jpg', 'ordered/unread-1.jpg', 'ordered/unread-2.jpg']);
  });

  it('refuses an unknown sort and a cursor it did not make', async () => {
    const base = `/api/v1/collections/${collectionId.toString()}/images`;
    expect((await sut.call('GET', `${base}?sort=size`)).status).toBe(400);
    expect((await sut.call('GET', `${base}?sort=takenAt&cursor=nonsense`)).status).toBe(400);
  });
});
