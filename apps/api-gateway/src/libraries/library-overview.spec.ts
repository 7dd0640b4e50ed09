import { countsByMediaKind, durationMs } from './library-overview';

describe(countsByMediaKind.name, () => {
  const counts = (ready: number, failed: number, pending: number) => ({ ready, failed, pending });

  it('reports pending as the images of a kind that are neither ready nor failed', () => {
    const sut = countsByMediaKind(
      [{ _id: 'still', count: 10 }],
      [
        { _id: { mediaKind: 'still', kind: 'thumbnail', state: 'ready' }, count: 7 },
        { _id: { mediaKind: 'still', kind: 'thumbnail', state: 'failed' }, count: 2 },
        { _id: { mediaKind: 'still', kind: 'cache', state: 'ready' }, count: 4 },
        { _id: { mediaKind: 'still', kind: 'cache', state: 'pending' }, count: 3 },
      ],
    );
    expect(sut).toEqual([{ kind: 'still', images: 10, thumbnail: counts(7, 2, 1), cache: counts(4, 0, 6) }]);
  });

  it('never reports a negative pending when records outnumber the images (deleted images not yet purged)', () => {
    const sut = countsByMediaKind([{ _id: 'video', count: 1 }], [{ _id: { mediaKind: 'video', kind: 'thumbnail', state: 'ready' }, count: 3 }]);
    expect(sut[0]?.thumbnail).toEqual(counts(3, 0, 0));
  });

  it('lists kinds in the media-kind order and leaves out kinds the library has nothing of', () => {
    const sut = countsByMediaKind(
      [
        { _id: 'video', count: 1 },
        { _id: 'still', count: 2 },
        { _id: 'raw', count: 3 },
      ],
      [],
    );
    expect(sut.map((row) => row.kind)).toEqual(['still', 'raw', 'video']);
  });

  it('counts records written before the kind was stored as unknown, last', () => {
    const sut = countsByMediaKind(
      [
        { _id: null, count: 2 },
        { _id: undefined, count: 1 },
        { _id: 'still', count: 1 },
      ],
      [{ _id: { kind: 'cache', state: 'failed' }, count: 1 }],
    );
    expect(sut).toEqual([
      { kind: 'still', images: 1, thumbnail: counts(0, 0, 1), cache: counts(0, 0, 1) },
      { kind: 'unknown', images: 3, thumbnail: counts(0, 0, 3), cache: counts(0, 1, 2) },
    ]);
  });

  it('is empty for a library with nothing indexed', () => {
    expect(countsByMediaKind([], [])).toEqual([]);
  });
});

describe(durationMs.name, () => {
  it('is the time from start to finish', () => {
    expect(durationMs(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:01:30.5Z'))).toBe(90_500);
  });

  it('is null while the job has not finished or never started', () => {
    expect(durationMs(new Date(), null)).toBeNull();
    expect(durationMs(null, new Date())).toBeNull();
  });
});
