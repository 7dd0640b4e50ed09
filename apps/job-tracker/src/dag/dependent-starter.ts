import { JobType, RoutingKey, TERMINAL_JOB_STATUSES } from '@mediaflow/contracts';
import { EventPublisher } from '@mediaflow/messaging';
import { Injectable, Logger } from '@nestjs/common';
import type { Types } from 'mongoose';
import { Clock } from '../jobs/clock';
import { JobNotifier } from '../jobs/job-notifier';
import { JobStore, type JobRecord } from '../jobs/job.store';

export interface UnstartableJob {
  jobId: Types.ObjectId;
  reason: string;
}

/**
 * Starts the jobs that depend on a job that just ended, once all their prerequisites have ended, by
 * publishing their command with the prerequisites' results. A dependent is first claimed (pending →
 * running, conditional), so it is started once; a claim whose command was not confirmed is sent
 * again when the finishing job's message is redelivered.
 */
@Injectable()
export class DependentStarter {
  private readonly logger = new Logger(DependentStarter.name);

  constructor(
    private readonly store: JobStore,
    private readonly publisher: EventPublisher,
    private readonly notifier: JobNotifier,
    private readonly clock: Clock,
  ) {}

  /** Returns the dependents that were claimed but that job-tracker cannot start (they must fail). */
  async startReadyDependents(prerequisiteId: Types.ObjectId): Promise<UnstartableJob[]> {
    const unstartable: UnstartableJob[] = [];
    for (const dependent of await this.store.dependentsOf(prerequisiteId)) {
      const prerequisites = await this.store.statusesOf(dependent.dependsOn);
      if (prerequisites.length < dependent.dependsOn.length) {
        const missing = dependent.dependsOn.length - prerequisites.length;
        this.logger.warn(`job ${dependent._id.toHexString()} depends on ${missing} job(s) that do not exist; not starting it`);
        continue;
      }
      if (!prerequisites.every((prerequisite) => TERMINAL_JOB_STATUSES.includes(prerequisite.status))) continue;

      const claimed = dependent.startRequestedBy ? dependent : await this.store.claimStart(dependent, prerequisiteId, this.clock.now());
      if (!claimed) continue;
      if (!dependent.startRequestedBy) await this.notifier.updated(claimed);

      const results = prerequisites.map((prerequisite) => ({ jobId: prerequisite._id.toHexString(), status: prerequisite.status }));
      const refusal = await this.sendStartCommand(claimed, results);
      if (refusal) unstartable.push({ jobId: claimed._id, reason: refusal });
      else await this.store.markStartSent(claimed._id, this.clock.now());
    }
    return unstartable;
  }

  /** Publishes the job's command; returns why it cannot be started instead, if so. */
  private async sendStartCommand(job: JobRecord, prerequisites: Array<{ jobId: string; status: JobRecord['status'] }>): Promise<string | null> {
    switch (job.type) {
      case JobType.DerivativeCleanup: {
        const libraryId = job.libraryId ?? null;
        if (!libraryId) return 'derivative-cleanup job has no libraryId';
        await this.publisher.publish(RoutingKey.DerivativesCleanupRequested, {
          jobId: job._id.toHexString(),
          libraryId: libraryId.toHexString(),
          prerequisites,
        });
        return null;
      }
      default:
        return `job-tracker does not know how to start a ${job.type} job after its prerequisites`;
    }
  }
}
