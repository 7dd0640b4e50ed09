import type { ModelDefinition } from '@nestjs/mongoose';
import { BackgroundJob, BackgroundJobSchema } from './background-job.schema';
import { MediaCollection, MediaCollectionSchema } from './collection.schema';
import { FolderListing, FolderListingSchema } from './folder-listing.schema';
import { ImageDerivative, ImageDerivativeSchema } from './image-derivative.schema';
import { ImageMetadata, ImageMetadataSchema } from './image-metadata.schema';
import { Image, ImageSchema } from './image.schema';
import { JobItem, JobItemSchema } from './job-item.schema';
import { Lease, LeaseSchema } from './lease.schema';
import { Library, LibrarySchema } from './library.schema';
import { MetricBucket, MetricBucketSchema } from '../metric-history/metric-bucket.schema';
import { ScheduleFiring, ScheduleFiringSchema } from './schedule-firing.schema';
import { ScheduledJobRun, ScheduledJobRunSchema } from './scheduled-job-run.schema';
import { ScheduledJob, ScheduledJobSchema } from './scheduled-job.schema';

/** Every model the store holds; inject one with `@InjectModel(Library.name)`. */
export const MODEL_DEFINITIONS: ModelDefinition[] = [
  { name: Library.name, schema: LibrarySchema },
  { name: MediaCollection.name, schema: MediaCollectionSchema },
  { name: FolderListing.name, schema: FolderListingSchema },
  { name: Image.name, schema: ImageSchema },
  { name: ImageDerivative.name, schema: ImageDerivativeSchema },
  { name: ImageMetadata.name, schema: ImageMetadataSchema },
  { name: BackgroundJob.name, schema: BackgroundJobSchema },
  { name: JobItem.name, schema: JobItemSchema },
  { name: ScheduledJob.name, schema: ScheduledJobSchema },
  { name: ScheduleFiring.name, schema: ScheduleFiringSchema },
  { name: ScheduledJobRun.name, schema: ScheduledJobRunSchema },
  { name: Lease.name, schema: LeaseSchema },
  { name: MetricBucket.name, schema: MetricBucketSchema },
];
