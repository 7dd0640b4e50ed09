import { loadSchedulerEnv, SchedulerEnv } from './scheduler.env';

const REQUIRED = { AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672', MONGO_URL: 'mongodb://127.0.0.1:27017' };

describe(SchedulerEnv.name, () => {
  it('defaults stale-job recovery to every 5 minutes, for jobs with no progress for an hour', () => {
    const sut = loadSchedulerEnv(REQUIRED);

    expect([sut.SCHEDULER_STALE_JOB_CRON, sut.SCHEDULER_STALE_JOB_MS, sut.SCHEDULER_RETENTION_CRON]).toEqual(['*/5 * * * *', 3_600_000, '30 4 * * *']);
  });

  it('takes a threshold of seconds and a per-second cron', () => {
    const sut = loadSchedulerEnv({ ...REQUIRED, SCHEDULER_STALE_JOB_MS: '4000', SCHEDULER_STALE_JOB_CRON: '* * * * * *' });

    expect([sut.SCHEDULER_STALE_JOB_MS, sut.SCHEDULER_STALE_JOB_CRON]).toEqual([4_000, '* * * * * *']);
  });

  it('refuses to boot on a cron it cannot use, naming the variable and the reason', () => {
    expect(() => loadSchedulerEnv({ ...REQUIRED, SCHEDULER_STALE_JOB_CRON: '*/5 * *' })).toThrow(
      /SCHEDULER_STALE_JOB_CRON = "\*\/5 \* \*": cron expression "\*\/5 \* \*" has 3 fields/,
    );
    expect(() => loadSchedulerEnv({ ...REQUIRED, SCHEDULER_DEFAULT_SCAN_CRON: '99 * * * *' })).toThrow(/SCHEDULER_DEFAULT_SCAN_CRON/);
  });

  it('refuses a stale-job threshold under a second', () => {
    expect(() => loadSchedulerEnv({ ...REQUIRED, SCHEDULER_STALE_JOB_MS: '500' })).toThrow(/SCHEDULER_STALE_JOB_MS/);
  });
});
