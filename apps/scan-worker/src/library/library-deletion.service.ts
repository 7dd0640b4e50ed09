import { FolderListing, Image, ImageDerivative, ImageMetadata, Library, MediaCollection } from '@mediaflow/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';

/**
 * Removes a deleted library's collections, images, derivative and metadata records; the render workers remove its
 * derivative files (and their own kind's records too, whichever of us comes first).
 */
@Injectable()
export class LibraryDeletionService {
  private readonly logger = new Logger(LibraryDeletionService.name);

  constructor(
    @InjectModel(Library.name) private readonly libraries: Model<Library>,
    @InjectModel(MediaCollection.name) private readonly collections: Model<MediaCollection>,
    @InjectModel(Image.name) private readonly images: Model<Image>,
    @InjectModel(ImageDerivative.name) private readonly derivatives: Model<ImageDerivative>,
    @InjectModel(FolderListing.name) private readonly listings: Model<FolderListing>,
    @InjectModel(ImageMetadata.name) private readonly metadata: Model<ImageMetadata>,
  ) {}

  async deleteContents(libraryId: string): Promise<void> {
    const id = new Types.ObjectId(libraryId);
    // The gateway deletes the library document before it announces the deletion; if it is still
    // there, the message is wrong (or stale) and wiping the index would be the costly mistake.
    if (await this.libraries.exists({ _id: id })) {
      this.logger.warn(`library ${libraryId} was announced deleted but still exists; its images are kept`);
      return;
    }
    const derivatives = await this.derivatives.deleteMany({ libraryId: id });
    await this.metadata.deleteMany({ libraryId: id });
    const images = await this.images.deleteMany({ libraryId: id });
    await this.listings.deleteMany({ libraryId: id });
    const collections = await this.collections.deleteMany({ libraryId: id });
    this.logger.log(
      `library ${libraryId} deleted: removed ${images.deletedCount} images, ${collections.deletedCount} collections, ${derivatives.deletedCount} derivative records`,
    );
  }
}
