import { JobType, MisfirePolicy, OverlapPolicy } from '@mediaflow/contracts';
import { isDuplicateKeyError, ScheduledJob } from '@mediaflow/persistence';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { SchedulerEnv } from '../config/scheduler.env';
import { Clock } from '../time/clock';

interface SystemSchedule {
  name: string;
  type: JobType;
  cron: string;
}

/**
 * Makes sure stale-job recovery and retention run without anyone setting them up. They are ordinary
 * schedules, except that their cron (and time zone) come from the env (SCHEDULER_STALE_JOB_CRON,
 * SCHEDULER_RETENTION_CRON): a start with another value there moves them to it. Pause or disable one
 * through the API rather than delete it, or it comes back at the next start.
 */
@Injectable()
export class SystemSchedulesSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(SystemSchedulesSeeder.name);

  constructor(
    @InjectModel(ScheduledJob.name) private readonly schedules: Model<ScheduledJob>,
    private readonly clock: Clock,
    private readonly env: SchedulerEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.env.SCHEDULER_SYSTEM_SCHEDULES) return;
    const systemSchedules: SystemSchedule[] = [
      { name: 'system:stale-job-recovery', type: JobType.StaleJobRecovery, cron: this.env.SCHEDULER_STALE_JOB_CRON },
      { name: 'system:retention', type: JobType.Retention, cron: this.env.SCHEDULER_RETENTION_CRON },
    ];
    for (const schedule of systemSchedules) await this.ensure(schedule);
  }

  private async ensure(schedule: SystemSchedule): Promise<void> {
    const timezone = this.env.SCHEDULER_DEFAULT_TIMEZONE;
    // The cron and zone were validated with the env (SchedulerEnv) at start-up.
    const now = this.clock.now();
    try {
      await this.schedules.create({
        ...schedule,
        params: {},
        timezone,
        misfirePolicy: MisfirePolicy.FireOnce,
        overlapPolicy: OverlapPolicy.Skip,
        timingChangedAt: now,
      });
      return;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    // It exists (another replica, or an earlier start). Only a changed cron moves it; paused stays paused.
    const existing = await this.schedules.findOne({ name: schedule.name }, { cron: 1, timezone: 1 }).lean();
    if (!existing || (existing.cron === schedule.cron && existing.timezone === timezone)) return;
    await this.schedules.updateOne({ _id: existing._id }, { $set: { cron: schedule.cron, timezone, timingChangedAt: now } });
    this.logger.log(`schedule "${schedule.name}" now runs on "${schedule.cron}" (${timezone}), as configured`);
  }
}
