import { JobStatus, JobType, RoutingKey, StageName, type MessagePayload } from '@mediaflow/contracts';
import { QueueNames, type EventPublisher } from '@mediaflow/messaging';
import { BackgroundJob, JobItemRepository, MetricHistoryRepository } from '@mediaflow/persistence';
import { BrokerAdmin, eventually, queueCounts, startServiceForTest, testBrokerUrl, uniqueName, type ServiceUnderTest } from '@mediaflow/testing';
import { getModelToken } from '@nestjs/mongoose';
import { connect, type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { Types, type Model } from 'mongoose';
import { JobTrackerEnv } from '../config/job-tracker.env';
import { JobTrackerModule } from '../job-tracker.module';
import type { JobRecord } from '../jobs/job.store';
import { JobTrackerService } from '../jobs/job-tracker.service';

export interface CapturedMessage {
  routingKey: string;
  body: Record<string, unknown> & { jobId: string };
}

const CAPTURED_KEYS = [RoutingKey.JobUpdated, RoutingKey.JobFinished, RoutingKey.DerivativesCleanupRequested];

export interface NewJob {
  type?: JobType;
  stages?: StageName[];
  parentId?: string;
  dependsOn?: string[];
  libraryId?: string;
}

/**
 * job-tracker booted as in production on the real broker and store, plus what its tests need: a
 * queue of their own that captures what it publishes, and direct access to its jobs.
 */
export class JobTrackerFixture {
  readonly captured: CapturedMessage[] = [];

  private constructor(
    private readonly service: ServiceUnderTest<JobTrackerEnv>,
    private readonly connection: ChannelModel,
    private readonly channel: Channel,
    private readonly captureQueue: string,
  ) {}

  static async start(): Promise<JobTrackerFixture> {
    const service = await startServiceForTest({ name: 'job-tracker', envClass: JobTrackerEnv, module: JobTrackerModule });
    const connection = await connect(testBrokerUrl());
    const channel = await connection.createChannel();
    const captureQueue = uniqueName('mf_test_capture');
    await channel.assertQueue(captureQueue, { exclusive: true, autoDelete: true });
    for (const key of CAPTURED_KEYS) await channel.bindQueue(captureQueue, service.env.AMQP_EXCHANGE, key);
    const fixture = new JobTrackerFixture(service, connection, channel, captureQueue);
    await channel.consume(
      captureQueue,
      (message) => {
        if (message) fixture.captured.push({ routingKey: message.fields.routingKey, body: JSON.parse(message.content.toString()) as CapturedMessage['body'] });
      },
      { noAck: true },
    );
    return fixture;
  }

  get publisher(): EventPublisher {
    return this.service.publisher;
  }

  get jobs(): Model<BackgroundJob> {
    return this.service.app.get<Model<BackgroundJob>>(getModelToken(BackgroundJob.name));
  }

  /** The use cases themselves, for tests that must hand them events at once (the broker spreads them). */
  get tracker(): JobTrackerService {
    return this.service.app.get(JobTrackerService);
  }

  get ledger(): JobItemRepository {
    return this.service.app.get(JobItemRepository);
  }

  get history(): MetricHistoryRepository {
    return this.service.app.get(MetricHistoryRepository);
  }

  get deadLetterQueue(): string {
    return new QueueNames({ exchange: this.service.env.AMQP_EXCHANGE, consumerGroup: 'job-tracker' }).deadLetter;
  }

  /** Inserts a job the way its initiator would: every stage pending, total unknown. */
  async insertJob({ type = JobType.LibraryScan, stages = [StageName.Discover, StageName.Thumbnail, StageName.Cache], ...links }: NewJob = {}): Promise<string> {
    const job = await this.jobs.create({
      type,
      stages: stages.map((name) => ({ name })),
      parentId: links.parentId ? new Types.ObjectId(links.parentId) : null,
      dependsOn: (links.dependsOn ?? []).map((id) => new Types.ObjectId(id)),
      libraryId: links.libraryId ? new Types.ObjectId(links.libraryId) : null,
    });
    return job._id.toHexString();
  }

  async publish<K extends RoutingKey>(routingKey: K, payload: MessagePayload<K>): Promise<void> {
    await this.service.publisher.publish(routingKey, payload);
  }

  async job(jobId: string): Promise<JobRecord> {
    const job = await this.jobs.findById(jobId).lean<JobRecord>();
    if (!job) throw new Error(`job ${jobId} is gone`);
    return job;
  }

  /** Waits until the job satisfies `condition`, returning it. */
  async jobWhen(jobId: string, what: string, condition: (job: JobRecord) => boolean): Promise<JobRecord> {
    return eventually(`job ${jobId}: ${what}`, async () => {
      const job = await this.job(jobId);
      return condition(job) && job;
    });
  }

  async jobWithStatus(jobId: string, status: JobStatus): Promise<JobRecord> {
    return this.jobWhen(jobId, `status ${status}`, (job) => job.status === status);
  }

  messages(routingKey: RoutingKey, jobId: string): Array<CapturedMessage['body']> {
    return this.captured.filter((message) => message.routingKey === routingKey && message.body.jobId === jobId).map((message) => message.body);
  }

  /** Waits until job-tracker has handled (acked) everything in its queue. */
  async settled(): Promise<void> {
    const queue = new QueueNames({ exchange: this.service.env.AMQP_EXCHANGE, consumerGroup: 'job-tracker' }).main;
    await eventually('job-tracker to handle every message', async () => {
      const counts = await queueCounts(queue);
      return counts.ready === 0 && counts.unacked === 0;
    });
  }

  async nextDeadLetter(): Promise<GetMessage> {
    const admin = await BrokerAdmin.connect();
    try {
      return await eventually('a message in the dead-letter queue', () => admin.get(this.deadLetterQueue));
    } finally {
      await admin.close();
    }
  }

  async stop(): Promise<void> {
    await this.connection.close();
    await this.service.stop();
  }
}
