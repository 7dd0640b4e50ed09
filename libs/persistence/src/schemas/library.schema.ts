import { LibraryStatus } from '@mediaflow/contracts';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, type HydratedDocument, type Types } from 'mongoose';
import { WatchStatus } from '../enums';

/**
 * Who owns the library's scan schedule (`library:<id>:scan`): 'default' — the scheduler creates its
 * default on library.changed created; 'custom' — the API wrote one; 'none' — removed on purpose, so
 * nobody recreates it. Documents written before this field existed read as 'default'.
 */
export enum ScanScheduleMode {
  Default = 'default',
  Custom = 'custom',
  None = 'none',
}

@Schema({ collection: 'libraries', timestamps: true, versionKey: false })
export class Library {
  @Prop({ type: String, required: true, unique: true, trim: true })
  name!: string;

  /** Realpath of the root, inside an allowed root; unique so two libraries never index one tree. */
  @Prop({ type: String, required: true, unique: true })
  rootPath!: string;

  @Prop({ type: [String], default: [] })
  include!: string[];

  @Prop({ type: [String], default: [] })
  exclude!: string[];

  @Prop({ type: Boolean, default: false })
  watch!: boolean;

  @Prop({ type: String, enum: Object.values(LibraryStatus), default: LibraryStatus.Online })
  status!: LibraryStatus;

  @Prop({ type: String, default: null })
  statusReason!: string | null;

  @Prop({ type: String, enum: Object.values(WatchStatus), default: WatchStatus.Off })
  watchStatus!: WatchStatus;

  @Prop({ type: String, default: null })
  watchReason!: string | null;

  @Prop({ type: Number, default: 0, min: 0 })
  imageCount!: number;

  @Prop({ type: Number, default: 0, min: 0 })
  collectionCount!: number;

  @Prop({ type: Date, default: null })
  lastScanAt!: Date | null;

  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  lastScanJobId!: Types.ObjectId | null;

  @Prop({ type: String, enum: Object.values(ScanScheduleMode), default: ScanScheduleMode.Default })
  scanScheduleMode!: ScanScheduleMode;

  createdAt!: Date;
  updatedAt!: Date;
}

export type LibraryDocument = HydratedDocument<Library>;
export const LibrarySchema = SchemaFactory.createForClass(Library);
