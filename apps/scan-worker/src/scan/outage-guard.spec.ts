import { judgeDeletion } from './outage-guard';

describe(judgeDeletion.name, () => {
  it('allows deleting up to the ratio', () => {
    expect(judgeDeletion(5, 10, 0.5)).toEqual({ allowed: true });
  });

  it('refuses more than the ratio, with a reason a person can act on', () => {
    const sut = judgeDeletion(6, 10, 0.5);

    expect(sut).toEqual({ allowed: false, reason: expect.stringContaining('6 of 10 images (60%)') });
  });

  it('allows a scan with nothing missing or of an empty library', () => {
    expect(judgeDeletion(0, 0, 0.5)).toEqual({ allowed: true });
    expect(judgeDeletion(0, 10, 0)).toEqual({ allowed: true });
  });
});
