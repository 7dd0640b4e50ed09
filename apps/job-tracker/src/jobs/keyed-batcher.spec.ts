import { KeyedBatcher } from './keyed-batcher';
import { KeyedSerializer } from './keyed-serializer';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** A batcher whose runs are recorded; the first run of each key waits for `gate`. */
function recordingBatcher(gate: Promise<void>) {
  const runs: Array<{ key: string; requests: string[] }> = [];
  const sut = new KeyedBatcher<string, string>(new KeyedSerializer(), async (key, requests) => {
    runs.push({ key, requests: [...requests] });
    if (runs.filter((run) => run.key === key).length === 1) await gate;
    return requests.map((request) =>
      request.startsWith('bad') ? { status: 'rejected', reason: new Error(`refused ${request}`) } : { status: 'fulfilled', value: `${request} done` },
    );
  });
  return { sut, runs };
}

describe(KeyedBatcher.name, () => {
  it('runs the requests that queue behind a running batch as one batch, each with its own result, in order', async () => {
    const gate = deferred();
    const { sut, runs } = recordingBatcher(gate.promise);

    const first = sut.run('job', 'a');
    await Promise.resolve();
    const queued = ['b', 'c', 'd'].map((request) => sut.run('job', request));
    gate.resolve();

    expect(await first).toBe('a done');
    expect(await Promise.all(queued)).toEqual(['b done', 'c done', 'd done']);
    expect(runs).toEqual([
      { key: 'job', requests: ['a'] },
      { key: 'job', requests: ['b', 'c', 'd'] },
    ]);
  });

  it('fails only the request the runner refused, and every request of a batch whose runner threw', async () => {
    const { sut } = recordingBatcher(Promise.resolve());
    const broken = new KeyedBatcher<string, string>(new KeyedSerializer(), async () => {
      throw new Error('store down');
    });

    const outcomes = await Promise.allSettled([sut.run('job', 'a'), sut.run('job', 'bad-b'), sut.run('job', 'c')]);
    const thrown = await Promise.allSettled([broken.run('job', 'a'), broken.run('job', 'b')]);

    expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : String(outcome.reason)))).toEqual([
      'a done',
      'Error: refused bad-b',
      'c done',
    ]);
    expect(thrown.map((outcome) => outcome.status === 'rejected' && String(outcome.reason))).toEqual(['Error: store down', 'Error: store down']);
  });

  it('keeps keys apart', async () => {
    const gate = deferred();
    const { sut, runs } = recordingBatcher(gate.promise);

    const results = Promise.all([sut.run('one', 'a'), sut.run('two', 'b'), sut.run('one', 'c')]);
    gate.resolve();

    expect(await results).toEqual(['a done', 'b done', 'c done']);
    expect(runs).toEqual([
      { key: 'one', requests: ['a', 'c'] },
      { key: 'two', requests: ['b'] },
    ]);
  });

  it('runs a request asked to run alone in its own batch, and queues later requests after it', async () => {
    const gate = deferred();
    const { sut, runs } = recordingBatcher(gate.promise);

    const first = sut.run('job', 'a');
    await Promise.resolve();
    const rest = [sut.run('job', 'b'), sut.run('job', 'recount', { alone: true }), sut.run('job', 'c'), sut.run('job', 'd')];
    gate.resolve();

    expect(await Promise.all([first, ...rest])).toEqual(['a done', 'b done', 'recount done', 'c done', 'd done']);
    expect(runs.map((run) => run.requests)).toEqual([['a'], ['b'], ['recount'], ['c', 'd']]);
  });
});
