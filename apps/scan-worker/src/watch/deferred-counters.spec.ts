import { Types } from 'mongoose';
import type { SyncedCollection } from '../scan/library-counters.service';
import { DeferredCounters } from './deferred-counters';

describe(DeferredCounters.name, () => {
  const libraryId = new Types.ObjectId();
  const [x, y] = [new Types.ObjectId(), new Types.ObjectId()];
  const written: Array<[string, Array<[string, number]>]> = [];
  const write = (library: Types.ObjectId, synced: readonly SyncedCollection[]): Promise<void> => {
    written.push([library.toHexString(), synced.map(({ collectionId, liveImages }): [string, number] => [collectionId.toHexString(), liveImages])]);
    return Promise.resolve();
  };

  beforeEach(() => written.splice(0));

  it('writes the batches’ folders in one go, the later count of a folder winning, and settles every batch', async () => {
    const sut = new DeferredCounters(write);
    const first = sut.add(libraryId, [{ collectionId: x, liveImages: 1 }]);
    const second = sut.add(libraryId, [
      { collectionId: x, liveImages: 2 },
      { collectionId: y, liveImages: 5 },
    ]);

    await sut.flush(libraryId.toHexString());

    await expect(Promise.all([first, second])).resolves.toEqual([undefined, undefined]);
    expect(written).toEqual([
      [
        libraryId.toHexString(),
        [
          [x.toHexString(), 2],
          [y.toHexString(), 5],
        ],
      ],
    ]);
  });

  it('writes nothing for a library with nothing left', async () => {
    const sut = new DeferredCounters(write);
    await sut.flush(libraryId.toHexString());
    expect(written).toEqual([]);
  });

  it('fails every waiting batch when the write fails, so their messages are retried', async () => {
    const sut = new DeferredCounters(() => Promise.reject(new Error('store down')));
    const first = sut.add(libraryId, [{ collectionId: x, liveImages: 1 }]);
    const second = sut.add(libraryId, [{ collectionId: y, liveImages: 1 }]);

    await sut.flush(libraryId.toHexString());

    await expect(first).rejects.toThrow('store down');
    await expect(second).rejects.toThrow('store down');
  });
});
