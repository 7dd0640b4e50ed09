/** PromQL words that are not metric names: aggregations, functions are told apart by their '(' instead. */
const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan']);

/**
 * The metric names a PromQL expression selects. Label matchers, grouping label lists, strings and range
 * durations are removed first; what is left that is an identifier not called as a function is a metric.
 */
export function metricNamesOf(expression: string): string[] {
  const bare = expression
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '')
    .replace(/\[[^\]]*\]/g, '');
  const names = new Set<string>();
  for (const match of bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*(?=\s*(\()?)/g)) {
    if (match[1] === '(' || KEYWORDS.has(match[0].toLowerCase())) continue;
    if (match.index > 0 && /[0-9.]/.test(bare[match.index - 1] ?? '')) continue; // a unit or exponent of a number
    names.add(match[0]);
  }
  return [...names];
}

/**
 * The series names a Prometheus text exposition offers: each `# TYPE` metric, with the `_bucket`, `_sum`
 * and `_count` series of histograms and summaries (metrics without samples yet are still declared).
 */
export function exposedSeriesNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    if (!name) continue;
    names.add(name);
    if (type === 'histogram') ['_bucket', '_sum', '_count'].forEach((suffix) => names.add(`${name}${suffix}`));
    if (type === 'summary') ['_sum', '_count'].forEach((suffix) => names.add(`${name}${suffix}`));
  }
  return names;
}

/** Series Prometheus makes itself for every scrape target, not the services. */
export const PROMETHEUS_SERIES = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped']);

/** Every `expr` of a Grafana dashboard's panels. */
export function dashboardExpressions(dashboard: { panels?: Array<{ targets?: Array<{ expr?: string }> }> }): string[] {
  return (dashboard.panels ?? []).flatMap((panel) => (panel.targets ?? []).map((target) => target.expr ?? '')).filter(Boolean);
}
