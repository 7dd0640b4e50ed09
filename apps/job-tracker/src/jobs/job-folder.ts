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
import { KeyedBatcher } from './keyed-batcher';
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

/** One event to fold: its change, given or prepared from the job as read in the job's turn. */
interface FoldRequest {
  token: string;
  change?: GuardedJobChange;
  prepare?: (job: JobRecord) => Promise<GuardedJobChange>;
}

/** A change to apply in a fold, and the message it came with. */
type TokenedChange = Pick<FoldRequest, 'token' | 'change'>;

/**
 * Applies events' changes to a job and re-derives its status: read, derive, write only if the job is
 * unchanged since the read (else read again). A terminal job is left as it is. Events of one job that
 * queue while its fold runs are folded together next, in their order, with one read and one write
 * (KeyedBatcher): a scan's last reports and totals, or a render burst's reports, cost one write, not one each.
 */
@Injectable()
export class JobFolder {
  private readonly logger = new Logger(JobFolder.name);
  private readonly serializer = new KeyedSerializer();
  private readonly folds = new KeyedBatcher<FoldRequest, FoldResult>(this.serializer, (jobId, requests) => this.foldBatch(jobId, requests));
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
    return this.folds.run(String(jobId), { token, change });
  }

  /**
   * Like fold, but the change is made by `prepare` from the job as read in this job's turn (with a
   * ledger read or insert), so no other fold of this process lands between that read and the write;
   * other processes' folds can, which a guarded change detects. `prepare` is called for a terminal job
   * too (its change is then not applied) and must not fold this job itself (it would wait for its own turn).
   * The events folded with it were prepared from the same read, before it or after it, in their order.
   * `alone`: folded in a turn of its own, when the change is guarded by the whole stage as read (a recount):
   * changes of other events applied before it in the same write would make it decline every time.
   */
  async prepareAndFold(jobId: string, token: string, prepare: (job: JobRecord) => Promise<GuardedJobChange>, { alone = false } = {}): Promise<FoldResult> {
    return this.folds.run(jobId, { token, prepare }, { alone });
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
    const { result, joined } = this.refolds.run(jobId.toHexString(), async () => (await this.foldNow(jobId, [{ token }]))[0]!);
    return joined ? asJoiner(result) : result;
  }

  /** One turn of a job: its queued events prepared (a failed preparation fails only its own event), then folded together. */
  private async foldBatch(jobId: string, requests: readonly FoldRequest[]): Promise<Array<PromiseSettledResult<FoldResult>>> {
    const read = requests.some((request) => request.prepare) ? await this.store.find(jobId) : undefined;
    if (read === null) throw new PermanentMessageError(`no job ${jobId}`);
    const outcomes: Array<PromiseSettledResult<FoldResult>> = [];
    const prepared: Array<TokenedChange & { index: number }> = [];
    for (const [index, { token, change, prepare }] of requests.entries()) {
      try {
        prepared.push({ index, token, change: prepare ? await prepare(read!) : change });
      } catch (reason) {
        outcomes[index] = { status: 'rejected', reason };
      }
    }
    if (prepared.length > 0) {
      const results = await this.foldNow(jobId, prepared, read);
      prepared.forEach(({ index }, n) => (outcomes[index] = { status: 'fulfilled', value: results[n]! }));
    }
    return outcomes;
  }

  /**
   * Applies the changes in order to one read of the job and writes once. A change that no longer applies
   * (returns null) is declined and skipped; the last change applied is the fold's own: it alone reports
   * the write (`changed`) and the job's end (`finished`, with its token as finishedBy), the others ride along.
   * `read`: the job as just read in this turn, used for the first attempt instead of reading it again.
   */
  private async foldNow(jobId: string | Types.ObjectId, changes: readonly TokenedChange[], read?: JobRecord): Promise<FoldResult[]> {
    for (let attempt = 1; attempt <= MAX_CONFLICTS; attempt++) {
      const job = attempt === 1 && read ? read : await this.store.find(jobId);
      if (!job) throw new PermanentMessageError(`no job ${String(jobId)}`);
      if (isTerminal(job.status)) return changes.map(() => leftAsIs(job));
      const children = await this.store.children(job);
      const before = toJobState(job);
      let applied = before;
      let last = -1;
      const declined = new Set<number>();
      changes.forEach(({ change }, index) => {
        const next = change ? change(applied, children) : applied;
        if (next) [applied, last] = [next, index];
        else declined.add(index);
      });
      const outcome = (written: JobRecord, index: number): FoldResult =>
        declined.has(index) ? { job: written, changed: false, finished: false, declined: true } : leftAsIs(written);
      if (last < 0) return changes.map((_, index) => outcome(job, index));
      const { job: after, warnings } = deriveJob(includeChildFailures(applied, children), children, this.clock.now());
      const update = buildJobUpdate(before, after);
      if (!update) return changes.map((_, index) => outcome(job, index));
      if (isTerminal(after.status)) update.$set.finishedBy = changes[last]!.token;
      const written = await this.store.writeIfUnchanged(job, update);
      if (!written) continue;
      for (const warning of warnings) this.logger.warn(`job ${String(jobId)}: ${warning}`);
      return changes.map((_, index) =>
        index === last ? { job: written, changed: true, finished: isTerminal(written.status), declined: false } : outcome(written, index),
      );
    }
    throw new Error(`job ${String(jobId)} kept changing under ${MAX_CONFLICTS} attempts to update it; will retry`);
  }
}

const leftAsIs = (job: JobRecord): FoldResult => ({ job, changed: false, finished: false, declined: false });

/** What a request that joined another's fold sees: the job, but neither its change nor its end (those are the runner's to act on). */
export async function asJoiner(result: Promise<FoldResult>): Promise<FoldResult> {
  return { ...(await result), changed: false, finished: false };
}
