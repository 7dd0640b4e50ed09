import { FileChangeKind, type FileChange } from '@mediaflow/contracts';
import { ManualClock } from '../testing/manual-clock';
import type { WatchClock } from '../time/watch-clock';
import { ChangeCoalescer, type CoalescerOptions } from './change-coalescer';

const OPTIONS: CoalescerOptions = { quietMs: 300, removalHoldMs: 3_000, maxWaitMs: 10_000, maxChanges: 100 };
const { Added, Modified, Removed } = FileChangeKind;

describe(ChangeCoalescer.name, () => {
  let clock: ManualClock;
  let batches: FileChange[][];
  let sut: ChangeCoalescer;

  function make(options: Partial<CoalescerOptions> = {}): ChangeCoalescer {
    return new ChangeCoalescer({ ...OPTIONS, ...options }, clock as unknown as WatchClock, (changes) => batches.push(changes));
  }

  beforeEach(() => {
    clock = new ManualClock();
    batches = [];
    sut = make();
  });

  it('sends a batch once no change arrived for the quiet time', () => {
    sut.record(Added, 'a.jpg');
    clock.advance(299);
    expect(batches).toEqual([]);

    clock.advance(1);
    expect(batches).toEqual([[{ kind: Added, relativePath: 'a.jpg' }]]);
  });

  it('keeps the batch open while changes keep coming', () => {
    sut.record(Added, 'a.jpg');
    clock.advance(200);
    sut.record(Added, 'b.jpg');
    clock.advance(200);
    expect(batches).toEqual([]);

    clock.advance(100);
    expect(batches).toEqual([
      [
        { kind: Added, relativePath: 'a.jpg' },
        { kind: Added, relativePath: 'b.jpg' },
      ],
    ]);
  });

  it('drops a file added then removed within the batch', () => {
    sut.record(Added, 'tmp.jpg');
    sut.record(Removed, 'tmp.jpg');
    clock.advance(OPTIONS.removalHoldMs);

    expect(batches).toEqual([]);
  });

  it('makes many changes of one path a single change', () => {
    sut.record(Added, 'a.jpg');
    sut.record(Modified, 'a.jpg');
    sut.record(Modified, 'a.jpg');
    clock.advance(OPTIONS.quietMs);

    expect(batches).toEqual([[{ kind: Added, relativePath: 'a.jpg' }]]);
  });

  it('reports a file removed then added back as modified', () => {
    sut.record(Removed, 'a.jpg');
    sut.record(Added, 'a.jpg');
    clock.advance(OPTIONS.removalHoldMs);

    expect(batches).toEqual([[{ kind: Modified, relativePath: 'a.jpg' }]]);
  });

  it('reports a changed file that was then removed as removed', () => {
    sut.record(Modified, 'a.jpg');
    sut.record(Removed, 'a.jpg');
    clock.advance(OPTIONS.removalHoldMs);

    expect(batches).toEqual([[{ kind: Removed, relativePath: 'a.jpg' }]]);
  });

  it('holds a removal long enough for the add of a move to join it', () => {
    sut.record(Removed, 'old/a.jpg');
    clock.advance(2_500);
    sut.record(Added, 'new/a.jpg');
    clock.advance(OPTIONS.quietMs);
    expect(batches).toEqual([]);

    clock.advance(OPTIONS.removalHoldMs - 2_500 - OPTIONS.quietMs);
    expect(batches).toEqual([
      [
        { kind: Removed, relativePath: 'old/a.jpg' },
        { kind: Added, relativePath: 'new/a.jpg' },
      ],
    ]);
  });

  it('sends a busy batch once it waited the longest allowed', () => {
    for (let ms = 0; ms < OPTIONS.maxWaitMs; ms += 100) {
      sut.record(Modified, `f${ms}.jpg`);
      clock.advance(100);
    }

    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(OPTIONS.maxWaitMs / 100);
  });

  it('sends a batch at once when it is full', () => {
    sut = make({ maxChanges: 2 });
    sut.record(Added, 'a.jpg');
    sut.record(Added, 'b.jpg');

    expect(batches).toHaveLength(1);
    sut.record(Added, 'c.jpg');
    clock.advance(OPTIONS.quietMs);
    expect(batches).toEqual([batches[0], [{ kind: Added, relativePath: 'c.jpg' }]]);
  });

  it('sends nothing after discard', () => {
    sut.record(Added, 'a.jpg');
    sut.discard();
    clock.advance(OPTIONS.maxWaitMs);

    expect(batches).toEqual([]);
    expect(sut.pending).toBe(0);
  });

  it('sends what is pending at once on flush', () => {
    sut.record(Modified, 'a.jpg');
    sut.flush();

    expect(batches).toEqual([[{ kind: Modified, relativePath: 'a.jpg' }]]);
  });
});
