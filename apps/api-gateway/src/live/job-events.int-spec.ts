import { JobStatus, JobType, RoutingKey, StageName, StageStatus } from '@mediaflow/contracts';
import { BroadcastSubscriber } from '@mediaflow/messaging';
import { Types } from 'mongoose';
import { GatewayUnderTest, VIEWER_KEY } from '../testing/gateway-test-harness';
import { JobEventsController } from './job-events.controller';

/** Reads a server-sent event stream until `until` has seen what it needs; returns the raw text read. */
async function readEvents(url: string, until: (text: string) => boolean): Promise<string> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  if (!response.body) throw new Error(`no body (${response.status})`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (!until(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    controller.abort();
  }
  return text;
}

describe(JobEventsController.name, () => {
  let sut: GatewayUnderTest;

  beforeAll(async () => {
    sut = await GatewayUnderTest.start();
    await sut.service.app.get(BroadcastSubscriber).waitUntilConsuming();
  });

  afterAll(async () => {
    await sut?.stop();
  });

  it('streams job.updated to a client holding a viewer key in the query', async () => {
    const jobId = new Types.ObjectId().toHexString();
    const url = `${sut.service.url}/api/v1/jobs/events?apiKey=${VIEWER_KEY}`;
    const publish = () =>
      sut.service.publisher.publish(RoutingKey.JobUpdated, {
        jobId,
        type: JobType.LibraryScan,
        status: JobStatus.Running,
        stages: [{ name: StageName.Discover, status: StageStatus.Running, total: 4, done: 1, failed: 0, skipped: 0 }],
      });
    let published: Promise<void> | undefined;

    const text = await readEvents(url, (received) => {
      if (received.includes('event: ready')) published ??= publish();
      return received.includes(jobId);
    });
    await published;

    expect(text).toMatch(/event: ready\n/);
    expect(text).toMatch(new RegExp(`event: job\\.updated\\nid: \\d+\\ndata: \\{"jobId":"${jobId}".*"total":4`));
  });

  it('refuses a stream without a key, with the API error body', async () => {
    const response = await fetch(`${sut.service.url}/api/v1/jobs/events`);

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'API_KEY_MISSING' } });
  });

  it('accepts the query key on the stream only', async () => {
    const response = await fetch(`${sut.service.url}/api/v1/jobs?apiKey=${VIEWER_KEY}`);

    expect(response.status).toBe(401);
  });
});
