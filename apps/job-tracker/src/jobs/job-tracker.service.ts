import {
  ItemOutcome,
  JobStatus,
  type JobCancelRequestedV1,
  type StageName,
  type JobFailedV1,
  type JobItemsReportedV1,
  type JobStageTotalV1,
} from '@mediaflow/contracts';
import { PermanentMessageError } from '@mediaflow/messaging';
import { FAILURE_SAMPLE_LIMIT, JobItemRepository, ThroughputRecorder, type JobItemInput, type OutcomeCounts } from '@mediaflow/persistence';
import { Injectable, Logger } from '@nestjs/common';
import type { Types } from 'mongoose';
import { DependentStarter } from '../dag/dependent-starter';
import { Clock } from './clock';
import { addCounts, recordCounts, reportFailure, requestCancel, setStageTotal, stageCounting } from './job-changes';
import { isTerminal } from './job-derivation';
import { asJoiner, JobFolder, toJobState, type FoldResult } from './job-folder';
import { KeyedCoalescer } from './keyed-coalescer';
import { JobNotifier } from './job-notifier';
import type { FailureEntry, GuardedJobChange, JobChange } from './job-state';
import { JobStore, type JobRecord } from './job.store';

/** Recounts of one stage that find its counts moved by another replica meanwhile, before the message is retried. */
const MAX_RECOUNT_ATTEMPTS = 10;

/**
 * The job-tracker's use cases: fold one job event into its job, publish job.updated on every
 * change and job.finished once, then do what a job's end sets off (children cancelled with a
 * cancelled/failed parent, dependents started, the parent re-evaluated).
 *
 * `token` is the id of the message being handled; see BackgroundJob.finishedBy.
 */
@Injectable()
export class JobTrackerService {
  private readonly logger = new Logger(JobTrackerService.name);
  private readonly recounts = new KeyedCoalescer<FoldResult>();

  constructor(
    private readonly folder: JobFolder,
    private readonly store: JobStore,
    private readonly items: JobItemRepository,
    private readonly notifier: JobNotifier,
    private readonly dependents: DependentStarter,
    private readonly clock: Clock,
    private readonly throughput: ThroughputRecorder,
  ) {}

  /** The stage is checked on the job as read for the fold (one read, in the job's turn). */
  async setStageTotal({ jobId, stage, total }: JobStageTotalV1, token: string): Promise<void> {
    const result = await this.folder.prepareAndFold(jobId, token, async (job) => {
      assertHasStage(job, stage);
      return setStageTotal(stage, total);
    });
    await this.follow(result, handling(token));
  }

  /**
   * Records the items in the ledger (each counts once) and adds the report's counts to the stage.
   * A report with an item already recorded (a redelivery: its first handling may have recorded the
   * items and stopped before counting them), or whose delta declined because a recount moved the
   * counts since the job was read, recounts the stage from the ledger instead. docs/architecture.md
   * ("Job counts") says why that stays exact. Items of a terminal job are recorded but change nothing.
   */
  async reportItems({ jobId, stage, items }: JobItemsReportedV1, token: string): Promise<void> {
    const context = handling(token);
    const delta = await this.folder.prepareAndFold(jobId, token, (job) => this.recordItems(job, stage, items));
    if (!delta.declined) return this.follow(delta, context);
    // A burst of recounts for one stage shares one (it starts after their ledger rows were written).
    const { result, joined } = this.recounts.run(`${jobId}\u0000${stage}`, () => this.recount(jobId, stage, token));
    await this.follow(joined ? await asJoiner(result) : await result, context);
  }

  /**
   * Inserts the items into the ledger and returns the delta of the new ones, or a change that declines
   * when any was recorded before. Runs in the job's fold turn: a recount of this process then never
   * reads rows whose delta is still to come, so it moves no count they would add, and their deltas
   * stay valid (with the insert outside the turn, one recount during a burst sent every report in
   * flight to a recount, and those recounts did the same to the next ones).
   */
  private async recordItems(job: JobRecord, stage: StageName, items: JobItemInput[]): Promise<GuardedJobChange> {
    assertHasStage(job, stage);
    // Read before the insert: only a recount that moves the counts after this read can include these items.
    const { recountEpoch } = stageCounting(toJobState(job), stage);
    const recorded = await this.items.recordNew(job._id.toHexString(), stage, items);
    await this.throughput.recordItems(stage, recorded, this.clock.now());
    if (recorded.length < items.length) return recountInstead;
    const failures = recorded.filter((item) => item.outcome === ItemOutcome.Failed).map((item) => toFailureEntry(stage, item));
    return addCounts(stage, countOutcomes(recorded), failures, recountEpoch, this.clock.now());
  }

  /**
   * Recounts the stage from the ledger and folds the counts (and missing failure samples) into the
   * job. The ledger is read in the job's fold turn, so this process's deltas cannot land between the
   * read and the write; another replica's can, and then the recount declines and is done again.
   */
  private async recount(jobId: string, stage: StageName, token: string): Promise<FoldResult> {
    for (let attempt = 1; attempt <= MAX_RECOUNT_ATTEMPTS; attempt++) {
      const result = await this.folder.prepareAndFold(jobId, token, (job) => this.recountChange(jobId, stage, job), { alone: true });
      if (!result.declined) return result;
    }
    throw new Error(`job ${jobId}: its ${stage} counts kept moving during ${MAX_RECOUNT_ATTEMPTS} recounts; will retry`);
  }

  private async recountChange(jobId: string, stage: StageName, record: JobRecord): Promise<GuardedJobChange> {
    if (isTerminal(record.status)) return (job) => job;
    const job = toJobState(record);
    const seen = stageCounting(job, stage);
    const counts = await this.items.countByOutcome(jobId, stage);
    const sampled = job.failureSample.filter((entry) => entry.stage === stage).length;
    const sampleShort = job.failureSample.length < FAILURE_SAMPLE_LIMIT && counts.failed > sampled;
    const failures = sampleShort ? await this.items.findFailures(jobId, stage, FAILURE_SAMPLE_LIMIT) : [];
    const sample = failures.map((item) => toFailureEntry(stage, item));
    return recordCounts(stage, counts, sample, seen, this.clock.now());
  }

  async reportFailure({ jobId, reason }: JobFailedV1, token: string): Promise<void> {
    await this.apply(jobId, reportFailure(reason), handling(token));
  }

  async requestCancel({ jobId }: JobCancelRequestedV1, token: string): Promise<void> {
    await this.apply(jobId, requestCancel(this.clock.now()), handling(token));
  }

  private async apply(jobId: string | Types.ObjectId, change: JobChange | undefined, context: Handling): Promise<void> {
    await this.follow(await this.folder.fold(jobId, context.token, change), context);
  }

  private async follow({ job, changed, finished }: FoldResult, context: Handling): Promise<void> {
    if (changed) await this.notifier.updated(job);
    const unfinishedBusiness = isTerminal(job.status) && !job.finishHandledAt && job.finishedBy === context.token;
    const id = job._id.toHexString();
    if ((finished || unfinishedBusiness) && !context.finishing.has(id)) {
      context.finishing.add(id);
      await this.onFinished(job._id, context);
    }
    // Always, not only on change: a redelivery must still roll up what an interrupted handling did not.
    if (job.parentId) await this.reevaluateParent(job.parentId, context);
  }

  private async onFinished(jobId: Types.ObjectId, context: Handling): Promise<void> {
    const job = await this.store.find(jobId);
    if (!job) return;
    await this.notifier.finished(job);
    if (job.status === JobStatus.Cancelled || job.status === JobStatus.Failed) {
      for (const childId of await this.store.nonTerminalChildren(job._id)) {
        await this.apply(childId, requestCancel(this.clock.now(), `parent job ${job.status}`), context);
      }
    }
    for (const { jobId: dependentId, reason } of await this.dependents.startReadyDependents(job._id)) {
      await this.apply(dependentId, reportFailure(reason), context);
    }
    await this.store.markFinishHandled(job._id, this.clock.now());
  }

  private async reevaluateParent(parentId: Types.ObjectId, context: Handling): Promise<void> {
    let result: FoldResult;
    try {
      result = await this.folder.refold(parentId, context.token);
    } catch (error) {
      if (!(error instanceof PermanentMessageError)) throw error;
      this.logger.warn(`parent job ${parentId.toHexString()} does not exist; nothing to roll up into`);
      return;
    }
    await this.follow(result, context);
  }
}

/** One message's handling: its token, and the jobs whose end it is already following up. */
interface Handling {
  token: string;
  finishing: Set<string>;
}

const handling = (token: string): Handling => ({ token, finishing: new Set() });

/** A report with an item recorded before: its counts cannot be added, so the stage is recounted. */
const recountInstead: GuardedJobChange = () => null;

function assertHasStage(job: JobRecord, stage: string): void {
  if (!job.stages.some((candidate) => candidate.name === stage)) {
    throw new PermanentMessageError(`job ${job._id.toHexString()} (${job.type}) has no ${stage} stage`);
  }
}

function toFailureEntry(stage: FailureEntry['stage'], item: JobItemInput): FailureEntry {
  return { stage, itemId: item.itemId, path: item.path ?? null, reason: item.reason ?? 'failed' };
}

function countOutcomes(items: readonly JobItemInput[]): OutcomeCounts {
  const counts: OutcomeCounts = { [ItemOutcome.Done]: 0, [ItemOutcome.Failed]: 0, [ItemOutcome.Skipped]: 0 };
  for (const item of items) counts[item.outcome] += 1;
  return counts;
}
