import { PhaseTimer } from './phase-timer';

describe(PhaseTimer.name, () => {
  it('lists the phases in the order they ran, also one that failed', async () => {
    const sut = new PhaseTimer();

    expect(await sut.time('walk', () => Promise.resolve(3))).toBe(3);
    await expect(sut.time('counts', () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');

    await sut.time('walk', () => Promise.resolve(4));

    expect(sut.toString()).toMatch(/^walk \d+\.\d s, counts \d+\.\d s$/);
  });
});
