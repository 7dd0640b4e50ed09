import { JobType, LibraryChange, RoutingKey, ScheduleChange } from '@mediaflow/contracts';
import { plannedNextRun, ScanScheduleMode, ScheduledJob, ScheduledJobRun, ScheduleRunDecision } from '@mediaflow/persistence';
import { eventually } from '@mediaflow/testing';
import { Types, type Model } from 'mongoose';
import { nextCronOccurrence } from '../schedules/schedule-cron';
import { GatewayUnderTest } from '../testing/gateway-test-harness';
import { libraryScanScheduleName, LibraryScanSchedules } from './library-scan-schedules';

describe(LibraryScanSchedules.name, () => {
  let sut: GatewayUnderTest;
  let schedules: Model<ScheduledJob>;

  beforeAll(async () => {
    sut = await GatewayUnderTest.start();
    schedules = sut.model(ScheduledJob.name);
  });

  afterAll(async () => {
    await sut?.stop();
  });

  const create = async (name: string, scanSchedule: unknown) =>
    sut.call('POST', '/api/v1/libraries', { body: { name, rootPath: await sut.folder(name.replace(/ /g, '-')), scanSchedule } });
  const scheduleOf = async (libraryId: string) => schedules.findOne({ name: libraryScanScheduleName(libraryId) }).lean();
  const announced = (libraryId: string, change: LibraryChange) =>
    eventually(`library.changed.v1 ${change}`, () =>
      sut.capture.messagesOf(RoutingKey.LibraryChanged).some((message) => message.payload.libraryId === libraryId && message.payload.change === change),
    );

  const scheduleAnnounced = (scheduleId: string, change: ScheduleChange) =>
    eventually(`schedule.changed.v1 ${change}`, () =>
      sut.capture.messagesOf(RoutingKey.ScheduleChanged).some((message) => message.payload.scheduleId === scheduleId && message.payload.change === change),
    );

  it('creates a library with its own scan schedule before announcing it, and shows it', async () => {
    const response = await create('Custom scan', { cron: '30 4 * * 1', timezone: 'Europe/Berlin', mode: 'full', enabled: true });

    expect(response.status).toBe(201);
    const libraryId: string = response.body.id;
    expect(response.body.scanSchedule).toEqual({ cron: '30 4 * * 1', timezone: 'Europe/Berlin', mode: 'full', enabled: true, nextRunAt: expect.any(String) });
    const schedule = await scheduleOf(libraryId);
    expect(schedule).toMatchObject({
      type: JobType.LibraryScan,
      cron: '30 4 * * 1',
      timezone: 'Europe/Berlin',
      params: { libraryId, mode: 'full' },
      libraryId: new Types.ObjectId(libraryId),
    });
    expect(plannedNextRun(schedule!, null, nextCronOccurrence)?.toISOString()).toBe(response.body.scanSchedule.nextRunAt);
    expect(new Date(response.body.scanSchedule.nextRunAt).getUTCDay()).toBe(1);
    expect((await sut.libraries.findById(libraryId).lean())?.scanScheduleMode).toBe(ScanScheduleMode.Custom);
    await announced(libraryId, LibraryChange.Created);
    await scheduleAnnounced(schedule?._id.toString() ?? '', ScheduleChange.Created);
    expect((await sut.call('GET', `/api/v1/libraries/${libraryId}`)).body).toEqual(response.body);
    const listed = await sut.call('GET', '/api/v1/libraries?limit=200');
    expect(listed.body.items.find((item: { id: string }) => item.id === libraryId)?.scanSchedule).toEqual(response.body.scanSchedule);
  });

  it('creates a library without a scheduled scan when scanSchedule is null', async () => {
    const response = await create('No scan', null);

    expect(response.status).toBe(201);
    expect(response.body.scanSchedule).toBeNull();
    expect(await scheduleOf(response.body.id)).toBeNull();
    expect((await sut.libraries.findById(response.body.id).lean())?.scanScheduleMode).toBe(ScanScheduleMode.None);
  });

  it('leaves the default to the scheduler when scanSchedule is left out', async () => {
    const response = await create('Default scan', undefined);

    expect(response.status).toBe(201);
    expect(response.body.scanSchedule).toBeNull();
    expect((await sut.libraries.findById(response.body.id).lean())?.scanScheduleMode).toBe(ScanScheduleMode.Default);
  });

  it('changes the cron through PATCH and recomputes nextRunAt, keeping what was left out', async () => {
    const created = await create('Patched scan', { cron: '0 3 * * *', timezone: 'UTC', mode: 'incremental', enabled: true });
    const libraryId: string = created.body.id;

    const response = await sut.call('PATCH', `/api/v1/libraries/${libraryId}`, { body: { scanSchedule: { cron: '15 22 * * *' } } });

    expect(response.status).toBe(200);
    expect(response.body.scanSchedule).toMatchObject({ cron: '15 22 * * *', timezone: 'UTC', mode: 'incremental', enabled: true });
    const nextRunAt = new Date(response.body.scanSchedule.nextRunAt);
    expect([nextRunAt.getUTCHours(), nextRunAt.getUTCMinutes()]).toEqual([22, 15]);
    expect(nextRunAt.getTime()).toBeGreaterThan(Date.now());
    const schedule = await scheduleOf(libraryId);
    expect(plannedNextRun(schedule!, null, nextCronOccurrence)?.toISOString()).toBe(response.body.scanSchedule.nextRunAt);
    await announced(libraryId, LibraryChange.Updated);
    await scheduleAnnounced(schedule?._id.toString() ?? '', ScheduleChange.Updated);
  });

  it('adds a schedule through PATCH to a library that had none, and disabled means no nextRunAt', async () => {
    const created = await create('Late scan', null);

    const response = await sut.call('PATCH', `/api/v1/libraries/${created.body.id}`, { body: { scanSchedule: { cron: '0 1 * * *', enabled: false } } });

    expect(response.status).toBe(200);
    expect(response.body.scanSchedule).toEqual({ cron: '0 1 * * *', timezone: 'UTC', mode: 'incremental', enabled: false, nextRunAt: null });
    expect((await sut.libraries.findById(created.body.id).lean())?.scanScheduleMode).toBe(ScanScheduleMode.Custom);
  });

  it('removes the schedule and its runs through PATCH null', async () => {
    const created = await create('Removed scan', { cron: '0 2 * * *', timezone: 'UTC', mode: 'incremental', enabled: true });
    const libraryId: string = created.body.id;
    const schedule = await scheduleOf(libraryId);
    const runs = sut.model<ScheduledJobRun>(ScheduledJobRun.name);
    await runs.create({ scheduleId: schedule?._id, occurrenceAt: new Date('2026-01-01T02:00:00Z'), decision: ScheduleRunDecision.Fired });

    const response = await sut.call('PATCH', `/api/v1/libraries/${libraryId}`, { body: { scanSchedule: null } });

    expect(response.status).toBe(200);
    expect(response.body.scanSchedule).toBeNull();
    expect(await scheduleOf(libraryId)).toBeNull();
    expect(await runs.countDocuments({ scheduleId: schedule?._id })).toBe(0);
    expect((await sut.libraries.findById(libraryId).lean())?.scanScheduleMode).toBe(ScanScheduleMode.None);
  });

  it.each([
    ['61 * * * *', 'UTC', 'Constraint error, got value 61 expected range 0-59'],
    ['* * *', 'UTC', 'has 3 fields'],
    ['0 3 * * *', 'Mars/Olympus', 'is not an IANA time zone'],
  ])('refuses cron %s in %s with 400 and the reason, writing nothing', async (cron, timezone, reason) => {
    const name = `Bad scan ${cron} ${timezone}`;
    const response = await create(name, { cron, timezone });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(reason);
    expect(await sut.libraries.countDocuments({ name })).toBe(0);
  });

  it('refuses a bad cron through PATCH and keeps the current schedule', async () => {
    const created = await create('Kept scan', { cron: '0 3 * * *' });

    const response = await sut.call('PATCH', `/api/v1/libraries/${created.body.id}`, { body: { name: 'Renamed', scanSchedule: { cron: '0 25 * * *' } } });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('expected range 0-23');
    expect((await sut.call('GET', `/api/v1/libraries/${created.body.id}`)).body).toEqual(created.body);
  });
});
