import { AmqpServer, PermanentMessageError } from '@mediaflow/messaging';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Types } from 'mongoose';
import { JobTrackerEnv } from '../config/job-tracker.env';
import { deriveJob, isTerminal } from './job-derivation';
import type { GuardedJobChange, JobState } from './job-state';
import { includeChildFailures } from './job-changes';
import { buildJobUpdate } from './job-update';
import { JobStore, type JobRecord } from './job.store';
import { Clock } from './clock';
import { KeyedSerializer } from './keyed-serializer';
import { KeyedCoalescer } from './keyed-coalescer';

/** Retries of an optimistic write before the message is failed (and retried later by the broker). */
const MAX_CONFLICTS = 25;

export interface FoldResult {
  job: JobRecord;
  /** The job document changed: publish job.updated. */
  changed: boolean;
  /** This fold moved the job to a terminal status: exactly one fold per job sees this. */
  finished: boolean;
  /** The change no longer applied to the job (a GuardedJobChange returned null): nothing was written. */
  declined: boolean;
}

export function toJobState(record: JobRecord): JobState {
  return {
    status: record.status,
    stages: record.stages.map((stage) => ({
      ...stage,
      total: stage.total ?? null,
      totalKnown: stage.totalKnown ?? false,
      recountEpoch: stage.recountEpoch ?? 0,
    })),
    failureSample: record.failureSample ?? [],
    cancelRequestedAt: record.cancelRequestedAt ?? null,
    reportedFailure: record.reportedFailure ?? null,
    reason: record.reason ?? null,
    startedAt: record.startedAt ?? null,
    finishedAt: record.finishedAt ?? null,
    lastProgressAt: record.lastProgressAt ?? null,
    childrenTotal: record.childrenTotal ?? 0,
    childrenFinished: record.childrenFinished ?? 0,
  };
}

/**
 * Applies one event's change to a job and re-derives its status: read, derive, write only if the
 * job is unchanged since the read (else read again). A terminal job is left as it is.
 */
@Injectable()
export class JobFolder {
  private readonly logger = new Logger(JobFolder.name);
  private readonly serializer = new KeyedSerializer();
  private readonly refolds: KeyedCoalescer<FoldResult>;

  constructor(
    private readonly store: JobStore,
    private readonly clock: Clock,
    @Inject(JobTrackerEnv) env: JobTrackerEnv,
    // The transport knows which messages are in handling: a lingering roll-up waits only while one could join it.
    messages: AmqpServer,
  ) {
    this.refolds = new KeyedCoalescer<FoldResult>(this.serializer, env.JOB_PARENT_REFOLD_LINGER_MS, messages);
  }

  /** `token` (the message's id) is stored on the job if this fold ends it; see BackgroundJob.finishedBy. */
  async fold(jobId: string | Types.ObjectId, token: string, change?: GuardedJobChange): Promise<FoldResult> {
    return this.serializer.run(String(jobId), () => this.foldNow(jobId, token, change));
  }

  /**
   * Like fold, but the change is made by `prepare` from the job as read in this job's turn (with a
   * ledger read or insert), so no other fold of this process lands between that read and the write;
   * other processes' folds can, which a guarded change detects. `prepare` is called for a terminal job
   * too (its change is then not applied) and must not fold this job itself (it would wait for its own turn).
   */
  async prepareAndFold(jobId: string, token: string, prepare: (job: JobRecord) => Promise<GuardedJobChange>): Promise<FoldResult> {
    return this.serializer.run(jobId, async () => {
      const job = await this.store.find(jobId);
      if (!job) throw new PermanentMessageError(`no job ${jobId}`);
      return this.foldNow(jobId, token, await prepare(job), job);
    });
  }

  /**
   * Re-derives a job with no change of its own (a parent after a child moved). Requests that arrive
   * while one is still queued join it: it reads the job when it starts, so it sees their children's
   * changes too. Only the request that queued it may act on it ending or changing. A run waits up to
   * JOB_PARENT_REFOLD_LINGER_MS before it queues, while other messages in handling could still join it:
   * each run reads all the parent's children (500 for a scan of 500 folders), and a first full scan's
   * children get their totals one folder at a time.
   */
  async refold(jobId: Types.ObjectId, token: string): Promise<FoldResult> {
    const { result, joined } = this.refolds.run(jobId.toHexString(), () => this.foldNow(jobId, token));
    return joined ? asJoiner(result) : result;
  }

  /** `read`: the job as just read in this turn, used for the first attempt instead of reading it again. */
  private async foldNow(jobId: string | Types.ObjectId, token: string, change?: GuardedJobChange, read?: JobRecord): Promise<FoldResult> {
    for (let attempt = 1; attempt <= MAX_CONFLICTS; attempt++) {
      const job = attempt === 1 && read ? read : await this.store.find(jobId);
      if (!job) throw new PermanentMessageError(`no job ${String(jobId)}`);
      if (isTerminal(job.status)) return leftAsIs(job);
      const children = await this.store.children(job);
      const before = toJobState(job);
      const applied = change ? change(before, children) : before;
      if (!applied) return { job, changed: false, finished: false, declined: true };
      const { job: after, warnings } = deriveJob(includeChildFailures(applied, children), children, this.clock.now());
      const update = buildJobUpdate(before, after);
      if (!update) return leftAsIs(job);
      if (isTerminal(after.status)) update.$set.finishedBy = token;
      const written = await this.store.writeIfUnchanged(job, update);
      if (!written) continue;
      for (const warning of warnings) this.logger.warn(`job ${String(jobId)}: ${warning}`);
      return { job: written, changed: true, finished: isTerminal(written.status), declined: false };
    }
    throw new Error(`job ${String(jobId)} kept changing under ${MAX_CONFLICTS} attempts to update it; will retry`);
  }
}

const leftAsIs = (job: JobRecord): FoldResult => ({ job, changed: false, finished: false, declined: false });

/** What a request that joined another's fold sees: the job, but neither its change nor its end (those are the runner's to act on). */
export async function asJoiner(result: Promise<FoldResult>): Promise<FoldResult> {
  return { ...(await result), changed: false, finished: false };
}
