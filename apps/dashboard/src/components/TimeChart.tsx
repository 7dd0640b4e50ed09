import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
  color: string;
}

const HEIGHT = 180;

/** For tests and screen readers: per series, how many points are above zero, the largest and the latest value. */
function summarize(series: ChartSeries[]): Record<string, { points: number; max: number; last: number | null }> {
  return Object.fromEntries(
    series.map(({ label, values }) => {
      const known = values.filter((value): value is number => value !== null);
      return [label, { points: known.filter((value) => value > 0).length, max: Math.max(0, ...known), last: known.at(-1) ?? null }];
    }),
  );
}

/**
 * A time-series line chart (uPlot: canvas, fast with hundreds of points, small). `times` are ms since
 * the epoch; null values leave a gap. It redraws in place when the data changes and follows its
 * container's width, so it fits a phone.
 */
export function TimeChart({ title, unit, times, series }: { title: string; unit: string; times: number[]; series: ChartSeries[] }) {
  const target = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const labels = series.map((each) => `${each.label}\u0000${each.color}`).join('\u0001');
  const data: uPlot.AlignedData = [times.map((time) => time / 1_000), ...series.map((each) => each.values)];

  useEffect(() => {
    const element = target.current;
    if (!element) return;
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height: HEIGHT,
      scales: { x: { time: true }, y: { range: (_, __, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [{}, { label: unit, size: 56 }],
      legend: { live: true },
      series: [{}, ...series.map((each) => ({ label: each.label, stroke: each.color, width: 2, points: { show: false } }))],
    };
    const chart = new uPlot(options, data, element);
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(200, element.clientWidth), height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // Rebuilt only when the series themselves change; new data goes through setData below.
  }, [labels, unit]);

  useEffect(() => {
    plot.current?.setData(data);
  });

  const summary = summarize(series);
  const empty = Object.values(summary).every((each) => each.points === 0);
  return (
    <figure className="chart" aria-label={`${title} chart`} data-summary={JSON.stringify(summary)}>
      <figcaption>
        {title} <span className="muted">({unit})</span>
        {empty && <span className="muted"> — nothing in this window yet</span>}
      </figcaption>
      <div ref={target} className="chart__plot" />
    </figure>
  );
}
