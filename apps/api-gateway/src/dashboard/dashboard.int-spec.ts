import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayUnderTest } from '../testing/gateway-test-harness';
import { DashboardController } from './dashboard.controller';

describe(DashboardController.name, () => {
  let sut: GatewayUnderTest;
  let dashboardDir: string;

  beforeAll(async () => {
    dashboardDir = await mkdtemp(join(tmpdir(), 'mf-dashboard-'));
    await mkdir(join(dashboardDir, 'assets'));
    await writeFile(join(dashboardDir, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(join(dashboardDir, 'assets', 'app-abc123.js'), 'console.log(1)');
    sut = await GatewayUnderTest.start({ DASHBOARD_DIR: dashboardDir });
  });

  afterAll(async () => {
    await sut?.stop();
    await rm(dashboardDir, { recursive: true, force: true });
  });

  const get = (path: string) => fetch(`${sut.service.url}${path}`);

  it('serves the app at / and at any route the app knows in the browser', async () => {
    for (const path of ['/', '/jobs/65a1f0c2e4b0a1b2c3d4e5f6', '/schedules']) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('id="root"');
    }
  });

  it('serves hashed assets as immutable, and a missing asset as 404 rather than the app', async () => {
    const asset = await get('/assets/app-abc123.js');
    const missing = await get('/assets/app-old.js');

    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(missing.status).toBe(404);
  });

  it('leaves the API, health and paths outside the directory alone', async () => {
    const api = await get('/api/v1/no-such-route');
    const escape = await get('/..%2f..%2fetc%2fpasswd');

    expect(api.status).toBe(401);
    expect((await get('/health/live')).status).toBe(200);
    expect(await escape.text()).not.toContain('root:');
  });
});
