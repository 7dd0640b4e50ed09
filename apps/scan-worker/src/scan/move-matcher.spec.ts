import { matchMoves } from './move-matcher';

describe(matchMoves.name, () => {
  it('pairs a missing image with a new one of the same fingerprint', () => {
    const sut = matchMoves([{ id: 'old', fingerprint: 'f1' }], [{ id: 'new', fingerprint: 'f1' }]);

    expect(sut).toEqual([{ missingId: 'old', addedId: 'new' }]);
  });

  it('does not pair different fingerprints or missing ones', () => {
    const sut = matchMoves(
      [
        { id: 'old', fingerprint: 'f1' },
        { id: 'unknown', fingerprint: null },
      ],
      [
        { id: 'new', fingerprint: 'f2' },
        { id: 'blank', fingerprint: null },
      ],
    );

    expect(sut).toEqual([]);
  });

  it('uses each new image at most once', () => {
    const sut = matchMoves(
      [
        { id: 'old1', fingerprint: 'f' },
        { id: 'old2', fingerprint: 'f' },
      ],
      [{ id: 'new', fingerprint: 'f' }],
    );

    expect(sut).toEqual([{ missingId: 'old1', addedId: 'new' }]);
  });
});
