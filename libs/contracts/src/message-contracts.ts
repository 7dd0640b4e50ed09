import { DerivativesCleanupRequestedV1 } from './derivatives-cleanup-requested/derivatives-cleanup-requested.message';
import { DerivativesPurgeRequestedV1 } from './derivatives-purge-requested/derivatives-purge-requested.message';
import { LibraryFilesChangedV1 } from './files-changed/library-files-changed.message';
import { JobCancelRequestedV1 } from './job-cancel-requested/job-cancel-requested.message';
import { JobFailedV1 } from './job-failed/job-failed.message';
import { JobFinishedV1 } from './job-finished/job-finished.message';
import { JobItemsReportedV1 } from './job-items-reported/job-items-reported.message';
import { JobStageTotalV1 } from './job-stage-total/job-stage-total.message';
import { JobUpdatedV1 } from './job-updated/job-updated.message';
import { LibraryChangedV1 } from './library-changed/library-changed.message';
import { RenderRequestedV1 } from './render-requested/render-requested.message';
import { RoutingKey } from './routing-key';
import { LibraryScanRequestedV1 } from './scan-requested/library-scan-requested.message';
import { ScheduleChangedV1 } from './schedule-changed/schedule-changed.message';

/**
 * The payload class of every routing key. Producers and consumers both validate against it,
 * so a key and its payload cannot drift apart.
 */
export const MESSAGE_CONTRACTS = {
  [RoutingKey.LibraryScanRequested]: LibraryScanRequestedV1,
  [RoutingKey.LibraryChanged]: LibraryChangedV1,
  [RoutingKey.LibraryFilesChanged]: LibraryFilesChangedV1,
  [RoutingKey.ThumbnailRequested]: RenderRequestedV1,
  [RoutingKey.CacheRequested]: RenderRequestedV1,
  [RoutingKey.DerivativesPurgeRequested]: DerivativesPurgeRequestedV1,
  [RoutingKey.DerivativesCleanupRequested]: DerivativesCleanupRequestedV1,
  [RoutingKey.JobStageTotal]: JobStageTotalV1,
  [RoutingKey.JobItemsReported]: JobItemsReportedV1,
  [RoutingKey.JobFailed]: JobFailedV1,
  [RoutingKey.JobCancelRequested]: JobCancelRequestedV1,
  [RoutingKey.JobUpdated]: JobUpdatedV1,
  [RoutingKey.JobFinished]: JobFinishedV1,
  [RoutingKey.ScheduleChanged]: ScheduleChangedV1,
} as const satisfies Record<RoutingKey, new () => object>;

export type MessageContracts = typeof MESSAGE_CONTRACTS;

/** The payload type carried under a routing key. */
export type MessagePayload<K extends RoutingKey> = InstanceType<MessageContracts[K]>;

export function isRoutingKey(value: string): value is RoutingKey {
  return Object.prototype.hasOwnProperty.call(MESSAGE_CONTRACTS, value);
}
