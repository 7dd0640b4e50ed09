import { DerivativeKind, DerivativeState } from '@mediaflow/contracts';
import { model, Types } from 'mongoose';
import { derivativeId, ImageDerivative, ImageDerivativeSchema, isDerivativeReadyFor } from './image-derivative.schema';

describe(ImageDerivative.name, () => {
  const ImageDerivativeModel = model(ImageDerivative.name, ImageDerivativeSchema);
  const newDerivative = (fields: Record<string, unknown> = {}) =>
    new ImageDerivativeModel({
      imageId: new Types.ObjectId(),
      libraryId: new Types.ObjectId(),
      kind: DerivativeKind.Thumbnail,
      state: DerivativeState.Ready,
      sourceFingerprint: 'fp',
      path: 'thumbnail/x.webp',
      updatedAt: new Date(),
      ...fields,
    });

  it('accepts a complete record', async () => {
    await expect(newDerivative().validate()).resolves.toBeUndefined();
  });

  it('refuses a state outside DerivativeState', async () => {
    await expect(newDerivative({ state: 'half-done' }).validate()).rejects.toThrow(/state/);
  });

  it('refuses a kind outside DerivativeKind', async () => {
    await expect(newDerivative({ kind: 'poster' }).validate()).rejects.toThrow(/kind/);
  });

  it.each(['imageId', 'libraryId', 'kind', 'state', 'sourceFingerprint', 'updatedAt'])('requires %s', async (field) => {
    await expect(newDerivative({ [field]: undefined }).validate()).rejects.toThrow(new RegExp(field));
  });

  it('is one record per image and kind, by its _id', () => {
    const imageId = new Types.ObjectId();
    expect(derivativeId(imageId, DerivativeKind.Thumbnail)).toBe(`${imageId.toHexString()}:thumbnail`);
    expect(derivativeId(imageId.toHexString(), DerivativeKind.Cache)).not.toBe(derivativeId(imageId, DerivativeKind.Thumbnail));
  });
});

describe(isDerivativeReadyFor.name, () => {
  it.each([
    [DerivativeState.Ready, 'fp-1', 'fp-1', true],
    [DerivativeState.Ready, 'fp-0', 'fp-1', false],
    [DerivativeState.Failed, 'fp-1', 'fp-1', false],
    [DerivativeState.Pending, 'fp-1', 'fp-1', false],
  ])('a %s derivative of %s is ready for an image at %s: %s', (state, sourceFingerprint, imageFingerprint, expected) => {
    expect(isDerivativeReadyFor({ state, sourceFingerprint }, imageFingerprint)).toBe(expected);
  });

  it('is not ready when there is no record or the image has no fingerprint', () => {
    expect(isDerivativeReadyFor(null, 'fp-1')).toBe(false);
    expect(isDerivativeReadyFor({ state: DerivativeState.Ready, sourceFingerprint: 'fp-1' }, null)).toBe(false);
  });
});
