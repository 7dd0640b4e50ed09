import type { Model, Types } from 'mongoose';
import type { BackgroundJob } from '../schemas/background-job.schema';

/**
 * How every starter starts jobs (docs/pipeline.md): insert them, then publish the command that starts them.
 * If the publish fails they are removed again: no one else knows them, so they would stay pending forever.
 */
export async function insertJobsThenPublish(
  jobs: Model<BackgroundJob>,
  documents: ReadonlyArray<Partial<BackgroundJob> & { _id: Types.ObjectId }>,
  publish: () => Promise<void>,
): Promise<void> {
  await jobs.insertMany(documents);
  try {
    await publish();
  } catch (error) {
    await jobs.deleteMany({ _id: { $in: documents.map((document) => document._id) } });
    throw error;
  }
}
