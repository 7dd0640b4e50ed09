import { RoutingKey } from '@mediaflow/contracts';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { ApiExceptionFilter } from './api-exception.filter';
import { GatewayUnderTest, VIEWER_KEY } from '../testing/gateway-test-harness';

let sut: GatewayUnderTest;

beforeAll(async () => {
  sut = await GatewayUnderTest.start();
});

afterAll(async () => {
  await sut?.stop();
});

describe(ApiKeyGuard.name, () => {
  it('answers 401 without a key', async () => {
    const response = await sut.call('GET', '/api/v1/libraries', { key: null });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: { status: 401, code: 'API_KEY_MISSING', message: expect.stringContaining('x-api-key') } });
  });

  it('answers 401 for an unknown key', async () => {
    const response = await sut.call('GET', '/api/v1/libraries', { key: 'not-a-real-key' });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('API_KEY_INVALID');
  });

  it('lets a viewer read', async () => {
    expect((await sut.call('GET', '/api/v1/libraries', { key: VIEWER_KEY })).status).toBe(200);
  });

  it('accepts the key as a bearer token', async () => {
    const response = await sut.call('GET', '/api/v1/jobs', { key: null, headers: { authorization: `Bearer ${VIEWER_KEY}` } });
    expect(response.status).toBe(200);
  });

  it('answers 403 when a viewer writes, and publishes nothing', async () => {
    const rootPath = await sut.folder('viewer-attempt');
    const response = await sut.call('POST', '/api/v1/libraries', { key: VIEWER_KEY, body: { name: 'viewer-attempt', rootPath } });
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({ status: 403, code: 'FORBIDDEN', message: expect.stringContaining('admin key') });
    expect(sut.capture.messagesOf(RoutingKey.LibraryChanged)).toHaveLength(0);
  });

  it('keeps health and metrics open and outside /api/v1', async () => {
    expect((await sut.call('GET', '/health/live', { key: null })).status).toBe(200);
    expect((await sut.call('GET', '/health', { key: null })).status).toBe(200);
    expect((await sut.call('GET', '/metrics', { key: null })).status).toBe(200);
    expect((await sut.call('GET', '/api/v1/health', { key: null })).status).toBe(401);
  });
});

describe(ApiExceptionFilter.name, () => {
  it('answers 400 for a malformed id', async () => {
    const response = await sut.call('GET', '/api/v1/libraries/not-an-id');
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({ status: 400, code: 'INVALID_ID', message: expect.stringContaining('"not-an-id" is not a valid id') });
  });

  it('answers 404 for an unknown id, naming it', async () => {
    const response = await sut.call('GET', '/api/v1/libraries/65a1f0c2e4b0a1b2c3d4e5f6');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: { status: 404, code: 'LIBRARY_NOT_FOUND', message: 'No library with id 65a1f0c2e4b0a1b2c3d4e5f6' } });
  });

  it('does not shadow routes of modules mounted after the API module', async () => {
    expect((await sut.call('GET', '/api/v1/schedules')).status).toBe(200);
  });

  it('answers 404 in the same shape for an unknown route', async () => {
    const response = await sut.call('GET', '/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('lists every invalid and unknown field', async () => {
    const response = await sut.call('POST', '/api/v1/libraries', { body: { name: 5, include: ['ok', 3], colour: 'red' } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    const fields = (response.body.error.details as Array<{ field: string }>).map((detail) => detail.field);
    expect(new Set(fields)).toEqual(new Set(['name', 'rootPath', 'include', 'colour']));
    expect(response.body.error.details).toContainEqual({ field: 'colour', message: 'colour is not a known field' });
  });

  it('answers 400 in the same shape for a body that is not JSON', async () => {
    const response = await sut.call('POST', '/api/v1/libraries', { body: '{"name": ' });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
  });

  it('answers 400 for an invalid query parameter', async () => {
    const response = await sut.call('GET', '/api/v1/jobs?limit=0&status=bogus');
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((detail: { field: string }) => detail.field)).toEqual(expect.arrayContaining(['limit', 'status']));
  });
});
