import { DerivativeKind } from '@mediaflow/contracts';
import { derivativeId } from '@mediaflow/persistence';
import { testStoreUrl } from '@mediaflow/testing';
import mongoose, { Types } from 'mongoose';
import type { ServedFile } from './served-tracker';

/** Where a file's latency went, from the timestamps the services wrote (all on this machine's clock). */
export interface FileTimeline {
  /** Last write → the watcher inserted the batch's watch-sync job (stability, quiet, the watcher). */
  toBatchMs: number;
  /** → scan-worker inserted the image row (queue wait behind earlier batches, and the batch's sync). */
  toImageMs: number;
  /** → the thumbnail worker recorded the thumbnail (render requests, queue, render). */
  toThumbnailMs: number;
  /** → the API first served it (includes the measurement's resolution). */
  toServedMs: number;
}

/** Reads the watch-sync jobs, images and thumbnail records of the served files from the stack's database. */
export async function watchTimelines(database: string, served: readonly ServedFile[]): Promise<FileTimeline[]> {
  const connection = await mongoose.createConnection(testStoreUrl(), { dbName: database }).asPromise();
  try {
    const db = connection.db;
    if (!db) throw new Error('no database handle');
    const ids = served.map((file) => new Types.ObjectId(file.imageId));
    const images = await db
      .collection<{ _id: Types.ObjectId; createdAt: Date; scan?: { insertedInJob?: Types.ObjectId | null } }>('images')
      .find({ _id: { $in: ids } })
      .toArray();
    const jobIds = images.flatMap((image) => (image.scan?.insertedInJob ? [image.scan.insertedInJob] : []));
    const jobs = await db.collection<{ _id: Types.ObjectId; createdAt: Date }>('background_jobs').find({ _id: { $in: jobIds } }).toArray();
    const thumbnails = await db
      .collection<{ _id: string; updatedAt: Date }>('image_derivatives')
      .find({ _id: { $in: served.map((file) => derivativeId(file.imageId, DerivativeKind.Thumbnail)) } })
      .toArray();
    const imageById = new Map(images.map((image) => [image._id.toHexString(), image]));
    const jobById = new Map(jobs.map((job) => [job._id.toHexString(), job]));
    const thumbnailById = new Map(thumbnails.map((record) => [record._id, record]));
    return served.map((file) => {
      const image = imageById.get(file.imageId);
      const job = image?.scan?.insertedInJob ? jobById.get(image.scan.insertedInJob.toHexString()) : undefined;
      const thumbnail = thumbnailById.get(derivativeId(file.imageId, DerivativeKind.Thumbnail));
      const at = (date: Date | undefined): number => (date ? date.getTime() : NaN);
      return {
        toBatchMs: at(job?.createdAt) - file.writtenAt,
        toImageMs: at(image?.createdAt) - at(job?.createdAt),
        toThumbnailMs: at(thumbnail?.updatedAt) - at(image?.createdAt),
        toServedMs: file.servedAt - at(thumbnail?.updatedAt),
      };
    });
  } finally {
    await connection.close();
  }
}
