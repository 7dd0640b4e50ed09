import { DerivativeKind, DerivativeState } from '@mediaflow/contracts';
import type { ImageDerivative } from '@mediaflow/persistence';
import { Types, type Model } from 'mongoose';
import { DerivativeReadinessService } from './derivative-readiness.service';
import { PAGE_SIZE } from './store-pages';

describe(DerivativeReadinessService.name, () => {
  let stored: Array<Pick<ImageDerivative, 'imageId' | 'kind' | 'state' | 'sourceFingerprint'>>;
  let find: jest.Mock;
  let sut: DerivativeReadinessService;

  beforeEach(() => {
    stored = [];
    find = jest.fn().mockImplementation(() => ({ lean: () => Promise.resolve(stored) }));
    sut = new DerivativeReadinessService({ find } as unknown as Model<ImageDerivative>);
  });

  const image = (fingerprint: string | null = 'fp') => ({ _id: new Types.ObjectId(), fingerprint });
  const ready = (imageId: Types.ObjectId, kind: DerivativeKind, sourceFingerprint = 'fp') => ({ imageId, kind, state: DerivativeState.Ready, sourceFingerprint });

  it('owes nothing for an image with every kind ready for its fingerprint', async () => {
    const done = image();
    stored = Object.values(DerivativeKind).map((kind) => ready(done._id, kind));

    expect(await sut.notReady([done])).toEqual([]);
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
