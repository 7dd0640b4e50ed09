import { duplicatePositions, isDuplicateKeyError } from './duplicate-key';

describe(isDuplicateKeyError.name, () => {
  it('recognises code 11000', () => {
    expect(isDuplicateKeyError({ code: 11000 })).toBe(true);
  });

  it('rejects any other error', () => {
    expect(isDuplicateKeyError(new Error('connection reset'))).toBe(false);
  });
});

describe(duplicatePositions.name, () => {
  it('lists the positions of duplicate-key write errors', () => {
    const error = { writeErrors: [{ index: 1, code: 11000 }, { index: 4, code: 11000 }] };

    expect(duplicatePositions(error)).toEqual(new Set([1, 4]));
  });

  it('refuses a bulk error that holds any other write error', () => {
    const error = { writeErrors: [{ index: 1, code: 11000 }, { index: 2, code: 121 }] };

    expect(duplicatePositions(error)).toBeUndefined();
  });

  it('refuses an error without write errors', () => {
    expect(duplicatePositions(new Error('server selection timed out'))).toBeUndefined();
  });
});
