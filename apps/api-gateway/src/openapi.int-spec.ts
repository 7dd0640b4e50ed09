import { runService } from '@mediaflow/service-kit';
import { BrokerAdmin, dropTestDatabase, testBrokerUrl, testStoreUrl, uniqueName } from '@mediaflow/testing';
import type { INestApplication } from '@nestjs/common';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ApiGatewayModule } from './api-gateway.module';
import { loadApiGatewayEnv } from './config/api-gateway.env';
import { buildOpenApiDocument, setUpOpenApi } from './openapi';

/** Where the committed OpenAPI document lives; this test regenerates it (deterministically). */
const OPENAPI_FILE = join(__dirname, '..', '..', '..', 'docs', 'openapi.json');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

// Boots through runService with main.ts's configure step, exactly as production does.
describe(buildOpenApiDocument.name, () => {
  const exchange = uniqueName('mf_test');
  const database = uniqueName('mf_test');
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    const env = loadApiGatewayEnv({
      AMQP_URL: testBrokerUrl(),
      MONGO_URL: testStoreUrl(),
      MONGO_DB: database,
      AMQP_EXCHANGE: exchange,
      HTTP_PORT: String(port),
      LOG_LEVEL: 'warn',
      API_KEYS: 'admin:openapi-admin-key',
    });
    app = await runService({ name: 'api-gateway', env, module: ApiGatewayModule, configure: (nest) => void setUpOpenApi(nest) });
    url = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await app?.close();
    const admin = await BrokerAdmin.connect();
    try {
      await admin.deleteExchangeAndQueues(exchange, []);
    } finally {
      await admin.close();
    }
    await dropTestDatabase(database);
  });

  it('serves the document at /api/docs-json without a key and writes it to docs/openapi.json', async () => {
    const response = await fetch(`${url}/api/docs-json`);
    expect(response.status).toBe(200);
    const served = (await response.json()) as { paths: Record<string, unknown>; components: { securitySchemes: Record<string, unknown> } };
    expect(served).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument(app))));
    expect(Object.keys(served.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/libraries',
        '/api/v1/libraries/{id}',
        '/api/v1/libraries/{id}/scans',
        '/api/v1/libraries/{id}/collections',
        '/api/v1/collections/{id}/images',
        '/api/v1/images/{id}',
        '/api/v1/images/{id}/thumbnail',
        '/api/v1/images/{id}/cache',
        '/api/v1/jobs',
        '/api/v1/jobs/{id}',
        '/api/v1/jobs/{id}/cancel',
        '/api/v1/jobs/{id}/retry-failed',
        '/api/v1/schedules',
      ]),
    );
    expect(Object.keys(served.paths).some((path) => path.startsWith('/health') || path.startsWith('/metrics'))).toBe(false);
    expect(Object.keys(served.components.securitySchemes)).toEqual(['api-key', 'bearer']);
    await writeFile(OPENAPI_FILE, `${JSON.stringify(served, null, 2)}\n`);
  });

  it('serves the docs UI at /api/docs', async () => {
    const response = await fetch(`${url}/api/docs`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('swagger-ui');
  });

  it('keeps the API under /api/v1 and health outside it', async () => {
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    const libraries = await fetch(`${url}/api/v1/libraries`, { headers: { 'x-api-key': 'openapi-admin-key' } });
    expect(libraries.status).toBe(200);
  });
});
