import { DerivativeKind, DerivativeState } from '@mediaflow/contracts';
import type { ImageDerivative, ImageMetadata } from '@mediaflow/persistence';
import { Types, type Model } from 'mongoose';
import { DerivativeReadinessService } from './derivative-readiness.service';
import { PAGE_SIZE } from './store-pages';

describe(DerivativeReadinessService.name, () => {
  let stored: Array<Pick<ImageDerivative, 'imageId' | 'kind' | 'state' | 'sourceFingerprint'>>;
  let read: Array<{ _id: Types.ObjectId; sourceFingerprint: string }>;
  let find: jest.Mock;
  let sut: DerivativeReadinessService;

  beforeEach(() => {
    stored = [];
    read = [];
    find = jest.fn().mockImplementation(() => ({ lean: () => Promise.resolve(stored) }));
    const findMetadata = jest.fn().mockImplementation(() => ({ lean: () => Promise.resolve(read) }));
    sut = new DerivativeReadinessService({ find } as unknown as Model<ImageDerivative>, { find: findMetadata } as unknown as Model<ImageMetadata>);
  });

  const image = (fingerprint: string | null = 'fp') => ({ _id: new Types.ObjectId(), fingerprint });
  const ready = (imageId: Types.ObjectId, kind: DerivativeKind, sourceFingerprint = 'fp') => ({ imageId, kind, state: DerivativeState.Ready, sourceFingerprint });

  it('owes nothing for an image with every kind ready for its fingerprint and metadata read from it', async () => {
    const done = image();
    stored = Object.values(DerivativeKind).map((kind) => ready(done._id, kind));
    read = [{ _id: done._id, sourceFingerprint: 'fp' }];

    expect(await sut.notReady([done])).toEqual([]);
  });

  it('owes an image whose derivatives are ready but whose metadata was never read, or read from older content', async () => {
    const [unread, stale] = [image(), image()];
    stored = [unread, stale].flatMap((owed) => Object.values(DerivativeKind).map((kind) => ready(owed._id, kind)));
    read = [{ _id: stale._id, sourceFingerprint: 'fp-older' }];

    expect(await sut.notReady([unread, stale])).toEqual([unread, stale]);
  });

  it('owes an image a kind has no record for, or whose record is of another fingerprint or not ready', async () => {
    const [missing, stale, failed] = [image(), image(), image()];
    stored = [
      ready(missing._id, DerivativeKind.Thumbnail),
      ready(stale._id, DerivativeKind.Thumbnail),
      ready(stale._id, DerivativeKind.Cache, 'fp-older'),
      ready(failed._id, DerivativeKind.Thumbnail),
      { ...ready(failed._id, DerivativeKind.Cache), state: DerivativeState.Failed },
    ];

    expect(await sut.notReady([missing, stale, failed])).toEqual([missing, stale, failed]);
  });

  it('owes an image without a fingerprint', async () => {
    const unknown = image(null);

    expect(await sut.notReady([unknown])).toEqual([unknown]);
  });

  it('asks the store once per page of images', async () => {
    await sut.notReady(Array.from({ length: PAGE_SIZE + 1 }, () => image()));

    expect(find).toHaveBeenCalledTimes(2);
  });

  it('asks nothing for no images', async () => {
    expect(await sut.notReady([])).toEqual([]);
    expect(find).not.toHaveBeenCalled();
  });
});
