import { DerivativeState } from '@mediaflow/contracts';
import { model, Types } from 'mongoose';
import { Image, ImageSchema } from './image.schema';

describe(Image.name, () => {
  const ImageModel = model(Image.name, ImageSchema);
  const newImage = () => new ImageModel({ libraryId: new Types.ObjectId(), collectionId: new Types.ObjectId(), relativePath: 'a.jpg', size: 1, mtimeMs: 1 });

  it('starts every derivative as pending', () => {
    const sut = newImage();

    expect(sut.derivatives.thumbnail.state).toBe(DerivativeState.Pending);
    expect(sut.derivatives.cache.state).toBe(DerivativeState.Pending);
  });

  it('starts as not deleted', () => {
    expect(newImage().deletedAt).toBeNull();
  });

  it('refuses a derivative state outside DerivativeState', async () => {
    const sut = newImage();
    sut.set('derivatives.thumbnail.state', 'half-done');

    await expect(sut.validate()).rejects.toThrow(/derivatives.thumbnail.state/);
  });
});
