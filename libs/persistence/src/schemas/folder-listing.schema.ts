import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, type HydratedDocument, type Types } from 'mongoose';

/**
 * The listing of one collection's folder as a whole-library scan last brought the store in line with it
 * (docs/pipeline.md, "Recorded listings"): the digest of its supported files' paths, sizes and mtimes,
 * and that scan's job. An incremental scan that lists the same digest skips the folder.
 *
 * Kept apart from the collection, keyed by its id, because a scan records hundreds of them at once: as
 * one delete and one insert here, against one update per collection there (about 30 ms each on
 * FerretDB/SQLite, 15 s for 500 folders). A missing record only means "diff this folder".
 */
@Schema({ collection: 'folder_listings', versionKey: false })
export class FolderListing {
  /** The collection's id. */
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  libraryId!: Types.ObjectId;

  @Prop({ type: String, required: true })
  digest!: string;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  jobId!: Types.ObjectId;
}

export type FolderListingDocument = HydratedDocument<FolderListing>;
export const FolderListingSchema = SchemaFactory.createForClass(FolderListing);
FolderListingSchema.index({ libraryId: 1 });
