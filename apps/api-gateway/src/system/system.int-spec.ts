import { GatewayUnderTest, VIEWER_KEY } from '../testing/gateway-test-harness';
import { QUEUE_OWNING_SERVICES } from './service-names';
import { SystemController } from './system.controller';

describe(SystemController.name, () => {
  let sut: GatewayUnderTest;

  beforeAll(async () => {
    sut = await GatewayUnderTest.start();
  });

  afterAll(async () => {
    await sut?.stop();
  });

  it('lists every queue-owning service; without queues on this exchange their health is unknown', async () => {
    const response = await sut.call('GET', '/api/v1/system/queues', { key: VIEWER_KEY });

    expect(response.status).toBe(200);
    expect(response.body.services.map((row: { service: string }) => row.service)).toEqual([...QUEUE_OWNING_SERVICES]);
    expect(response.body.services[0]).toEqual({
      service: 'scheduler',
      health: 'unknown',
      queue: `${sut.service.env.AMQP_EXCHANGE}.scheduler`,
      messages: null,
      consumers: null,
      deadLetterQueue: `${sut.service.env.AMQP_EXCHANGE}.scheduler.dead-letter`,
      deadLetters: null,
    });
  });

  it('refuses a replay for a viewer key and for an unknown service', async () => {
    const viewer = await sut.call('POST', '/api/v1/system/queues/scan-worker/replay-dead-letters', { key: VIEWER_KEY });
    const unknown = await sut.call('POST', '/api/v1/system/queues/nope/replay-dead-letters');

    expect(viewer.status).toBe(403);
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('service must be one of scheduler');
  });

  it('tells the role of the presented key', async () => {
    expect((await sut.call('GET', '/api/v1/system/session')).body).toEqual({ role: 'admin' });
    expect((await sut.call('GET', '/api/v1/system/session', { key: VIEWER_KEY })).body).toEqual({ role: 'viewer' });
  });

  it('previews a cron expression, or says what is wrong with it', async () => {
    const valid = await sut.call('GET', '/api/v1/cron/preview?cron=0%203%20*%20*%20*&timezone=Europe/Berlin', { key: VIEWER_KEY });
    const invalid = await sut.call('GET', '/api/v1/cron/preview?cron=61%20*%20*%20*%20*', { key: VIEWER_KEY });
    const badZone = await sut.call('GET', '/api/v1/cron/preview?cron=0%203%20*%20*%20*&timezone=Mars/Olympus', { key: VIEWER_KEY });

    expect(valid.status).toBe(200);
    expect(valid.body.fireTimes).toHaveLength(5);
    expect(valid.body.fireTimes[0]).toMatch(/T0[12]:00:00\.000Z$/);
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toContain('invalid cron expression "61 * * * *"');
    expect(badZone.body.error.message).toContain('timezone "Mars/Olympus" is not an IANA time zone');
  });
});
