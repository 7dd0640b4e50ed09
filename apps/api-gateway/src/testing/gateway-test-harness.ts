import { BackgroundJob, Image, ImageDerivative, JobItem, Library, MediaCollection, ImageMetadata } from '@mediaflow/persistence';
import { MessageCapture, startServiceForTest, uniqueName, type ServiceUnderTest } from '@mediaflow/testing';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiGatewayModule } from '../api-gateway.module';
import { ApiGatewayEnv } from '../config/api-gateway.env';

export const ADMIN_KEY = 'test-admin-key';
export const VIEWER_KEY = 'test-viewer-key';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * The gateway booted as in production on the real broker and store, with temp library roots and
 * derivative store. One per test file: the metrics registry is per process.
 */
export class GatewayUnderTest {
  private constructor(
    readonly service: ServiceUnderTest<ApiGatewayEnv>,
    readonly capture: MessageCapture,
    /** An allowed library root (a realpath). */
    readonly libraryRoot: string,
    readonly derivativesDir: string,
    private readonly tempDir: string,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<GatewayUnderTest> {
    const tempDir = await realpath(await mkdtemp(join(tmpdir(), 'mf-gateway-')));
    const libraryRoot = join(tempDir, 'libraries');
    const derivativesDir = join(tempDir, 'derivatives');
    await mkdir(libraryRoot);
    await mkdir(derivativesDir);
    const exchange = uniqueName('mf_test');
    const capture = await MessageCapture.bind(exchange);
    try {
      const service = await startServiceForTest({
        name: 'api-gateway',
        envClass: ApiGatewayEnv,
        module: ApiGatewayModule,
        env: {
          AMQP_EXCHANGE: exchange,
          LIBRARY_ROOTS: `${libraryRoot},${join(tempDir, 'other-root')}`,
          DERIVATIVES_DIR: derivativesDir,
          API_KEYS: `admin:${ADMIN_KEY},viewer:${VIEWER_KEY}`,
          ...env,
        },
      });
      return new GatewayUnderTest(service, capture, libraryRoot, derivativesDir, tempDir);
    } catch (error) {
      await capture.close();
      await rm(tempDir, { recursive: true, force: true });
      throw error;
    }
  }

  model<T>(name: string): Model<T> {
    return this.service.app.get<Model<T>>(getModelToken(name));
  }

  get libraries(): Model<Library> {
    return this.model(Library.name);
  }
  get collections(): Model<MediaCollection> {
    return this.model(MediaCollection.name);
  }
  get images(): Model<Image> {
    return this.model(Image.name);
  }
  get derivatives(): Model<ImageDerivative> {
    return this.model(ImageDerivative.name);
  }
  get metadata(): Model<ImageMetadata> {
    return this.model(ImageMetadata.name);
  }
  get jobs(): Model<BackgroundJob> {
    return this.model(BackgroundJob.name);
  }
  get jobItems(): Model<JobItem> {
    return this.model(JobItem.name);
  }

  async folder(name: string): Promise<string> {
    const path = join(this.libraryRoot, name);
    await mkdir(path, { recursive: true });
    return path;
  }

  /** Calls the API; `key: null` sends no key. JSON in, JSON (or raw bytes for images) out. */
  // Tests read response bodies loosely; `any` keeps their assertions short.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async call<T = any>(
    method: string,
    path: string,
    options: { key?: string | null; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const key = options.key === undefined ? ADMIN_KEY : options.key;
    const headers: Record<string, string> = { ...(key ? { 'x-api-key': key } : {}), ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.service.url}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });
    const type = response.headers.get('content-type') ?? '';
    const body = type.includes('json') ? await response.json() : Buffer.from(await response.arrayBuffer());
    return { status: response.status, body: body as T, headers: response.headers };
  }

  async createLibrary(name: string, folder = name): Promise<{ id: string; rootPath: string }> {
    const rootPath = await this.folder(folder);
    const response = await this.call<{ id: string; rootPath: string }>('POST', '/api/v1/libraries', { body: { name, rootPath } });
    if (response.status !== 201) throw new Error(`creating library ${name}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  async stop(): Promise<void> {
    await this.capture.close();
    await this.service.stop();
    await rm(this.tempDir, { recursive: true, force: true });
  }
}
