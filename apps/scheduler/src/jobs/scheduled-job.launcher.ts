import { JobStatus, JobType, ScanMode } from '@mediaflow/contracts';
import { describeError } from '@mediaflow/messaging';
import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { SchedulerEnv } from '../config/scheduler.env';
import type { ScheduleRecord } from '../firing/schedule.store';
import { Clock } from '../time/clock';
import { JobLauncher, type LaunchOutcome, type PreparedLaunch } from './job-launcher';
import { LibraryJobs, type LibraryRef } from './library-jobs';
import { Retention } from './retention';
import { StaleJobRecovery } from './stale-job-recovery';

/**
 * The built-in job types. library-scan and derivative-cleanup become BackgroundJobs run by the
 * workers; stale-job-recovery and retention are short store sweeps the scheduler runs itself, so
 * their run ends with its status at once.
 */
@Injectable()
export class ScheduledJobLauncher extends JobLauncher {
  constructor(
    private readonly libraryJobs: LibraryJobs,
    private readonly staleJobs: StaleJobRecovery,
    private readonly retention: Retention,
    private readonly clock: Clock,
    private readonly env: SchedulerEnv,
  ) {
    super();
  }

  async prepare(schedule: ScheduleRecord, occurrenceAt: Date): Promise<PreparedLaunch> {
    const params = schedule.params ?? {};
    switch (schedule.type) {
      case JobType.LibraryScan:
      case JobType.DerivativeCleanup:
        return this.prepareLibraryJobs(schedule, stringParam(params, 'libraryId'), occurrenceAt);
      case JobType.StaleJobRecovery: {
        const minutes = numberParam(params, 'staleMinutes');
        const staleMs = minutes !== undefined ? minutes * 60_000 : this.env.SCHEDULER_STALE_JOB_MS;
        return this.inline(() => this.staleJobs.recover(staleMs, this.clock.now()));
      }
      case JobType.Retention: {
        const days = numberParam(params, 'days') ?? this.env.SCHEDULER_RETENTION_DAYS;
        return this.inline(() => this.retention.sweep(days, this.clock.now()));
      }
      default:
        return refused(`job type ${schedule.type} cannot be scheduled`);
    }
  }

  private async prepareLibraryJobs(schedule: ScheduleRecord, libraryId: string | undefined, occurrenceAt: Date): Promise<PreparedLaunch> {
    if (libraryId !== undefined && !Types.ObjectId.isValid(libraryId)) return refused(`params.libraryId "${libraryId}" is not an id`);
    const libraries = await this.libraryJobs.resolve(libraryId);
    if (libraryId && libraries.length === 0) return refused(`library ${libraryId} does not exist (any more)`);
    if (libraries.length === 0) return finished(JobStatus.Completed, 'no libraries to work on');
    const launches = libraries.map((library) => ({ library, jobId: new Types.ObjectId() }));
    return {
      jobIds: launches.map((launch) => launch.jobId),
      start: async () => {
        for (const { library, jobId } of launches) await this.startOne(schedule, library, jobId, occurrenceAt);
        return null;
      },
    };
  }

  private async startOne(schedule: ScheduleRecord, library: LibraryRef, jobId: Types.ObjectId, occurrenceAt: Date): Promise<void> {
    const by = `by schedule "${schedule.name}" (${occurrenceAt.toISOString()})`;
    if (schedule.type === JobType.DerivativeCleanup) {
      return this.libraryJobs.startCleanup(library, jobId, `Remove orphaned derivatives of library "${library.name}" ${by}`);
    }
    const mode = schedule.params?.['mode'] === ScanMode.Full ? ScanMode.Full : ScanMode.Incremental;
    const what = mode === ScanMode.Full ? 'Full' : 'Incremental';
    return this.libraryJobs.startScan(library, mode, jobId, `${what} scan of library "${library.name}" ${by}`);
  }

  private inline(work: () => Promise<string>): PreparedLaunch {
    return {
      jobIds: [],
      start: async (): Promise<LaunchOutcome> => {
        const started = this.clock.now().getTime();
        const took = (): number => Math.max(0, this.clock.now().getTime() - started);
        try {
          return { status: JobStatus.Completed, durationMs: took(), summary: await work() };
        } catch (error) {
          return { status: JobStatus.Failed, durationMs: took(), summary: describeError(error) };
        }
      },
    };
  }
}

function finished(status: JobStatus, summary: string): PreparedLaunch {
  return { jobIds: [], start: () => Promise.resolve({ status, durationMs: 0, summary }) };
}

function refused(reason: string): PreparedLaunch {
  return finished(JobStatus.Failed, reason);
}

function stringParam(params: Record<string, unknown>, key: string): string | undefined {
  const value = params[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function numberParam(params: Record<string, unknown>, key: string): number | undefined {
  const value = params[key];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}
