import { JobStatus, JobType, StageName, StageStatus, type ScanMode } from '@mediaflow/contracts';
import { Types } from 'mongoose';
import type { JobStage } from '../schemas/job-stage.schema';

/** A stage as its creator inserts it: pending, total unknown, nothing counted. */
export function pendingStage(name: StageName): JobStage {
  return { name, status: StageStatus.Pending, total: null, totalKnown: false, done: 0, failed: 0, skipped: 0 };
}

export interface NewLibraryScan {
  library: { _id: Types.ObjectId; name: string };
  mode: ScanMode;
  correlationId: string;
  description: string;
  scanJobId?: Types.ObjectId;
}

/**
 * The two documents a library scan starts with (docs/pipeline.md): the scan job, and the cleanup of
 * orphaned derivatives that depends on it. Whoever starts a scan (gateway, scheduler) inserts both,
 * then publishes library.scan.requested; job-tracker owns them from there.
 */
export function newLibraryScanJobs({ library, mode, correlationId, description, scanJobId = new Types.ObjectId() }: NewLibraryScan) {
  const libraryId = library._id.toString();
  const scan = {
    _id: scanJobId,
    type: JobType.LibraryScan,
    status: JobStatus.Pending,
    libraryId: library._id,
    params: { libraryId, mode },
    stages: [pendingStage(StageName.Discover), pendingStage(StageName.Thumbnail), pendingStage(StageName.Cache)],
    correlationId,
    description,
  };
  const cleanup = {
    _id: new Types.ObjectId(),
    type: JobType.DerivativeCleanup,
    status: JobStatus.Pending,
    libraryId: library._id,
    params: { libraryId },
    dependsOn: [scanJobId],
    stages: [pendingStage(StageName.Cleanup)],
    correlationId,
    description: `Remove orphaned derivatives of library "${library.name}" after scan ${scanJobId.toString()}`,
  };
  return { scan, cleanup };
}

export interface NewWatchSync {
  library: { _id: Types.ObjectId; name: string };
  changes: number;
  correlationId: string;
}

/** The job of one watch batch (docs/watcher.md): inserted by the watcher before it publishes library.files.changed. */
export function newWatchSyncJob({ library, changes, correlationId }: NewWatchSync) {
  return {
    _id: new Types.ObjectId(),
    type: JobType.WatchSync,
    status: JobStatus.Pending,
    libraryId: library._id,
    params: { libraryId: library._id.toString(), changes },
    stages: [pendingStage(StageName.Discover), pendingStage(StageName.Thumbnail), pendingStage(StageName.Cache)],
    correlationId,
    description: `Apply ${changes} file change${changes === 1 ? '' : 's'} seen in library "${library.name}"`,
  };
}
