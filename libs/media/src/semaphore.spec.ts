import { Semaphore } from './semaphore';

describe(Semaphore.name, () => {
  it('runs at most `permits` tasks at once and all of them eventually', async () => {
    const sut = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const task = async (): Promise<void> => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
    };

    await Promise.all(Array.from({ length: 10 }, () => sut.run(task)));

    expect(peak).toBe(2);
    expect(sut.inUse).toBe(0);
  });

  it('frees the permit when a task fails', async () => {
    const sut = new Semaphore(1);

    await expect(sut.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');

    await expect(sut.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('refuses fewer than one permit', () => {
    expect(() => new Semaphore(0)).toThrow(/at least 1 permit/);
  });
});
