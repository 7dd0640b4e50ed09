import { model, Types } from 'mongoose';
import { Image, ImageSchema } from './image.schema';

describe(Image.name, () => {
  const ImageModel = model(Image.name, ImageSchema);
  const newImage = () => new ImageModel({ libraryId: new Types.ObjectId(), collectionId: new Types.ObjectId(), relativePath: 'a.jpg', size: 1, mtimeMs: 1 });

  it('starts as not deleted', () => {
    expect(newImage().deletedAt).toBeNull();
  });

  it('holds no derivative state: that lives in image_derivatives', () => {
    expect(ImageSchema.path('derivatives')).toBeUndefined();
  });
});
