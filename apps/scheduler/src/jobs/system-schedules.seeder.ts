import { JobType, MisfirePolicy, OverlapPolicy } from '@mediaflow/contracts';
import { isDuplicateKeyError, ScheduledJob } from '@mediaflow/persistence';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { SchedulerEnv } from '../config/scheduler.env';
import { nextOccurrence } from '../cron/cron-expression';
import { Clock } from '../time/clock';

const SYSTEM_SCHEDULES = [
  { name: 'system:stale-job-recovery', type: JobType.StaleJobRecovery, cron: '*/5 * * * *' },
  { name: 'system:retention', type: JobType.Retention, cron: '30 4 * * *' },
] as const;

/**
 * Makes sure stale-job recovery and retention run without anyone setting them up. They are ordinary
 * schedules: disable one through the API rather than delete it, or it comes back at the next start.
 */
@Injectable()
export class SystemSchedulesSeeder implements OnApplicationBootstrap {
  constructor(
    @InjectModel(ScheduledJob.name) private readonly schedules: Model<ScheduledJob>,
    private readonly clock: Clock,
    private readonly env: SchedulerEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.env.SCHEDULER_SYSTEM_SCHEDULES) return;
    const timezone = this.env.SCHEDULER_DEFAULT_TIMEZONE;
    for (const schedule of SYSTEM_SCHEDULES) {
      try {
        await this.schedules.create({
          ...schedule,
          params: {},
          timezone,
          misfirePolicy: MisfirePolicy.FireOnce,
          overlapPolicy: OverlapPolicy.Skip,
          nextRunAt: nextOccurrence(schedule.cron, timezone, this.clock.now()),
        });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
  }
}
