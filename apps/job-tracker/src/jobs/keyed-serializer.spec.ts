import { KeyedSerializer } from './keyed-serializer';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe(KeyedSerializer.name, () => {
  it('runs tasks of one key one at a time, in order', async () => {
    const sut = new KeyedSerializer();
    const events: string[] = [];
    const task = (name: string) => async (): Promise<void> => {
      events.push(`${name} start`);
      await tick();
      events.push(`${name} end`);
    };

    await Promise.all([sut.run('job', task('a')), sut.run('job', task('b'))]);

    expect(events).toEqual(['a start', 'a end', 'b start', 'b end']);
  });

  it('runs tasks of different keys side by side', async () => {
    const sut = new KeyedSerializer();
    const events: string[] = [];
    const task = (name: string) => async (): Promise<void> => {
      events.push(`${name} start`);
      await tick();
      events.push(`${name} end`);
    };

    await Promise.all([sut.run('one', task('a')), sut.run('two', task('b'))]);

    expect(events.slice(0, 2)).toEqual(['a start', 'b start']);
  });

  it('goes on after a failed task and hands its error to its caller', async () => {
    const sut = new KeyedSerializer();

    const failed = sut.run('job', () => Promise.reject(new Error('boom')));
    const next = sut.run('job', () => Promise.resolve('ok'));

    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });
});
