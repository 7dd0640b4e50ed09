import { eventually } from '@mediaflow/testing';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dashboardExpressions, exposedSeriesNames, metricNamesOf, PROMETHEUS_SERIES } from '../deploy/observability/promql-metric-names';
import { fetchJson, SERVICE_NAMES, Stack } from './support/stack';

const GRAFANA_BOARD = path.resolve(__dirname, '..', 'deploy', 'observability', 'grafana', 'dashboards', 'mediaflow.json');

describe('the seven services', () => {
  const sut = new Stack({ portBase: 3100 });

  afterAll(async () => {
    await sut.stop();
    await sut.cleanUp();
  });

  it('each boot as a separate process and report ready on /health (broker and store up)', async () => {
    sut.start();

    for (const name of SERVICE_NAMES) {
      const health = await eventually(`${name} /health to report ready`, async () => {
        const { status, body } = await fetchJson(sut.url(name, '/health'));
        return status === 200 ? body : undefined;
      }, 120_000, 250);
      expect(health).toMatchObject({ status: 'ok', details: { broker: { status: 'up' }, store: { status: 'up' } } });
    }
  });

  it('each serve Prometheus metrics', async () => {
    for (const name of SERVICE_NAMES) {
      const response = await fetch(sut.url(name, '/metrics'));
      expect(await response.text()).toContain(`service="${name}"`);
    }
  });

  it('export every metric the Grafana board queries (deploy/observability)', async () => {
    const exposed = new Set(PROMETHEUS_SERIES);
    for (const name of SERVICE_NAMES) {
      exposedSeriesNames(await (await fetch(sut.url(name, '/metrics'))).text()).forEach((series) => exposed.add(series));
    }
    const queried = dashboardExpressions(JSON.parse(readFileSync(GRAFANA_BOARD, 'utf8'))).flatMap(metricNamesOf);

    expect(queried.length).toBeGreaterThan(0);
    expect(queried.filter((metric) => !exposed.has(metric))).toEqual([]);
  });

  it('each stop on SIGTERM after their shutdown hooks, without being killed', async () => {
    const endings = await sut.stop();

    expect(endings).toEqual(Object.fromEntries(SERVICE_NAMES.map((name) => [name, 'SIGTERM'])));
  });
});
