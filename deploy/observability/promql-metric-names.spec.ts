import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EVENT_LOOP_SAMPLE_MS } from '@mediaflow/service-kit';
import { dashboardExpressions, exposedSeriesNames, metricNamesOf } from './promql-metric-names';

describe(metricNamesOf.name, () => {
  it('finds the metrics, not the functions, labels, groupings or ranges', () => {
    expect(metricNamesOf('histogram_quantile(0.95, sum by (le, routing_key) (rate(mediaflow_message_handling_seconds_bucket[5m])))')).toEqual([
      'mediaflow_message_handling_seconds_bucket',
    ]);
    expect(metricNamesOf('sum by (stage) (rate(mediaflow_job_items_total{outcome="done", x=~"a{b}"}[1m])) / up')).toEqual(['mediaflow_job_items_total', 'up']);
  });
});

describe(exposedSeriesNames.name, () => {
  it('adds the series of histograms to their declared names', () => {
    const sut = exposedSeriesNames('# HELP h help\n# TYPE h histogram\nh_bucket{le="1"} 0\n# TYPE c counter\n');
    expect([...sut].sort()).toEqual(['c', 'h', 'h_bucket', 'h_count', 'h_sum']);
  });
});

describe('the Grafana dashboard', () => {
  const board = JSON.parse(readFileSync(path.join(__dirname, 'grafana', 'dashboards', 'mediaflow.json'), 'utf8'));

  it('has panels with queries', () => {
    expect(dashboardExpressions(board).length).toBeGreaterThanOrEqual(8);
  });

  it('shows event-loop lag beyond the interval the services sample it at (prom-client reports the whole interval)', () => {
    const lag = dashboardExpressions(board).filter((expression) => expression.includes('nodejs_eventloop_lag'));
    expect(lag).toEqual([`clamp_min(max by (service) (nodejs_eventloop_lag_p99_seconds) - ${EVENT_LOOP_SAMPLE_MS / 1000}, 0)`]);
  });
});
