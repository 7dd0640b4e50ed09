import { JobType, RoutingKey } from '@mediaflow/contracts';
import { ScheduledJobRun, ScheduleRunDecision } from '@mediaflow/persistence';
import { eventually, MessageCapture, startServiceForTest, uniqueName, type ServiceUnderTest } from '@mediaflow/testing';
import { Module } from '@nestjs/common';
import { APP_PIPE, RouterModule } from '@nestjs/core';
import { getModelToken } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { ApiGatewayEnv } from '../config/api-gateway.env';
import { createValidationPipe } from '../http/validation.pipe';
import { SchedulesController } from './schedules.controller';
import { SchedulesModule } from './schedules.module';

const ADMIN_KEY = 'schedules-test-admin-key';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads whatever JSON the API answers
type Reply = { status: number; body: any };

/** SchedulesModule mounted under /api/v1 as the gateway will mount it, with the gateway's validation pipe. */
@Module({
  imports: [SchedulesModule, RouterModule.register([{ path: 'api/v1', module: SchedulesModule }])],
  providers: [{ provide: APP_PIPE, useFactory: createValidationPipe }],
})
class SchedulesTestModule {}

describe(SchedulesController.name, () => {
  let gateway: ServiceUnderTest<ApiGatewayEnv>;
  let capture: MessageCapture;
  let changes: unknown[] = [];

  beforeAll(async () => {
    gateway = await startServiceForTest({ name: 'api-gateway', envClass: ApiGatewayEnv, module: SchedulesTestModule, env: { API_KEYS: `admin:${ADMIN_KEY}` } });
    capture = await MessageCapture.bind(gateway.env.AMQP_EXCHANGE, [RoutingKey.ScheduleChanged]);
    changes = capture.payloads;
  });

  afterAll(async () => {
    await capture?.close();
    await gateway?.stop();
  });

  async function call(method: string, path: string, body?: unknown, key: string | null = ADMIN_KEY): Promise<Reply> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key) headers['x-api-key'] = key;
    const response = await fetch(`${gateway.url}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  const create = (overrides: Record<string, unknown> = {}): Promise<Reply> =>
    call('POST', '/schedules', { name: uniqueName('nightly'), type: JobType.LibraryScan, cron: '30 2 * * *', timezone: 'Europe/Berlin', ...overrides });

  it('needs an API key', async () => {
    expect((await call('GET', '/schedules', undefined, null)).status).toBe(401);
  });

  it('creates a schedule with its next run and announces it', async () => {
    const response = await create({ params: { mode: 'full' } });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ type: JobType.LibraryScan, enabled: true, paused: false, misfirePolicy: 'fire_once', overlapPolicy: 'skip' });
    expect(new Date(response.body.nextRunAt).getTime()).toBeGreaterThan(Date.now());
    await eventually('schedule.changed published', () => changes.some((change) => (change as { scheduleId: string }).scheduleId === response.body.id));
  });

  it.each([
    ['61 * * * *', 'Constraint error, got value 61 expected range 0-59'],
    ['* * *', 'has 3 fields'],
  ])('refuses cron %s with 400 and the parser reason', async (cron, reason) => {
    const response = await create({ cron });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(reason);
  });

  it('refuses an unknown time zone and params the type does not take', async () => {
    expect((await create({ timezone: 'Mars/Olympus' })).body.error.message).toContain('not an IANA time zone');
    expect((await create({ params: { days: 3 } })).body.error.message).toContain('params.days not allowed');
  });

  it('previews the next N fire times', async () => {
    const { body } = await create();

    const preview = await call('GET', `/schedules/${body.id}/preview?count=3`);

    expect(preview.status).toBe(200);
    expect(preview.body.fireTimes).toHaveLength(3);
  });

  it('pauses (no next run), resumes (a next run in the future), disables and deletes', async () => {
    const { body } = await create();

    expect((await call('POST', `/schedules/${body.id}/pause`)).body).toMatchObject({ paused: true, nextRunAt: null });
    const resumed = (await call('POST', `/schedules/${body.id}/resume`)).body;
    expect(new Date(resumed.nextRunAt).getTime()).toBeGreaterThan(Date.now());
    expect((await call('POST', `/schedules/${body.id}/disable`)).body).toMatchObject({ enabled: false, nextRunAt: null });
    expect((await call('PATCH', `/schedules/${body.id}`, { cron: '0 4 * * *' })).body.cron).toBe('0 4 * * *');
    expect((await call('DELETE', `/schedules/${body.id}`)).status).toBe(204);
    expect((await call('GET', `/schedules/${body.id}`)).status).toBe(404);
  });

  it('asks for a run now, with force', async () => {
    const { body } = await create();

    const response = await call('POST', `/schedules/${body.id}/run-now`, { force: true });

    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ scheduleId: body.id, force: true });
    expect((await call('GET', `/schedules/${body.id}`)).body.runNowRequestedAt).toBe(response.body.occurrenceAt);
  });

  it('pages runs newest first with a cursor', async () => {
    const { body } = await create();
    const runs = gateway.app.get<Model<ScheduledJobRun>>(getModelToken(ScheduledJobRun.name));
    await runs.insertMany(
      [1, 2, 3].map((minute) => ({
        scheduleId: new Types.ObjectId(body.id as string),
        occurrenceAt: new Date(`2026-01-01T00:0${minute}:00Z`),
        decision: ScheduleRunDecision.Fired,
      })),
    );

    const first = await call('GET', `/schedules/${body.id}/runs?limit=2`);
    const second = await call('GET', `/schedules/${body.id}/runs?limit=2&cursor=${first.body.nextCursor}`);

    expect(first.body.items.map((run: { occurrenceAt: string }) => run.occurrenceAt)).toEqual(['2026-01-01T00:03:00.000Z', '2026-01-01T00:02:00.000Z']);
    expect(second.body.items.map((run: { occurrenceAt: string }) => run.occurrenceAt)).toEqual(['2026-01-01T00:01:00.000Z']);
    expect(second.body.nextCursor).toBeNull();
  });
});
