import { fairShare } from './fair-share';

describe(fairShare.name, () => {
  it('splits the libraries evenly over the replicas present', () => {
    expect(fairShare(4, 2)).toBe(2);
  });

  it('rounds up so every library fits somewhere', () => {
    expect(fairShare(5, 2)).toBe(3);
  });

  it('gives a lone replica every library, also before it counts itself present', () => {
    expect(fairShare(4, 1)).toBe(4);
    expect(fairShare(4, 0)).toBe(4);
  });

  it('asks nothing when no library is watched', () => {
    expect(fairShare(0, 3)).toBe(0);
  });
});
