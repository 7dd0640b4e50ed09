import { useState } from 'react';
import { useSystemHistory } from '../../api/queries';
import type { HistoryWindow, SystemHistory } from '../../api/types';
import { QueryState } from '../../components/Feedback';
import { TimeChart, type ChartSeries } from '../../components/TimeChart';

const WINDOWS: Array<{ value: HistoryWindow; label: string }> = [
  { value: '10m', label: '10 minutes' },
  { value: '1h', label: 'hour' },
  { value: '24h', label: 'day' },
];

const PALETTE = ['#2f6fdb', '#1f8a4c', '#b7791f', '#c53030', '#7c3aed', '#0e7490'];

const stage = (history: SystemHistory, name: string) => history.throughput.find((series) => series.stage === name);

function throughputSeries(history: SystemHistory): ChartSeries[] {
  const failed = history.times.map((_, index) => history.throughput.reduce((sum, series) => sum + (series.failed[index] ?? 0), 0));
  return [
    { label: 'files discovered', values: history.filesDiscovered, color: PALETTE[0]! },
    { label: 'thumbnails', values: stage(history, 'thumbnail')?.done ?? [], color: PALETTE[1]! },
    { label: 'cache images', values: stage(history, 'cache')?.done ?? [], color: PALETTE[2]! },
    { label: 'failed', values: failed, color: PALETTE[3]! },
  ];
}

function perService(history: SystemHistory, field: 'messages' | 'consumers' | 'deadLetters'): ChartSeries[] {
  return history.queues.map((series, index) => ({ label: series.service, values: series[field], color: PALETTE[index % PALETTE.length]! }));
}

/** Throughput and queue depth over the last ten minutes, hour or day (GET /system/history), live while work runs. */
export function HistoryCharts() {
  const [span, setSpan] = useState<HistoryWindow>('1h');
  const history = useSystemHistory(span);
  const data = history.data;
  return (
    <section aria-label="Activity over time">
      <div className="toolbar">
        <h2>Activity over the last {WINDOWS.find((each) => each.value === span)!.label}</h2>
        <div className="segmented" role="group" aria-label="Window">
          {WINDOWS.map((each) => (
            <button key={each.value} type="button" aria-pressed={span === each.value} onClick={() => setSpan(each.value)}>
              Last {each.label}
            </button>
          ))}
        </div>
      </div>
      <QueryState query={history} what="activity history">
        {() => (
          <div className="charts">
            <TimeChart title="Throughput" unit="per second" times={data!.times} series={throughputSeries(data!)} />
            <TimeChart title="Queued messages" unit="messages" times={data!.times} series={perService(data!, 'messages')} />
            <TimeChart title="Consumers" unit="replicas" times={data!.times} series={perService(data!, 'consumers')} />
            <TimeChart title="Dead letters" unit="messages" times={data!.times} series={perService(data!, 'deadLetters')} />
          </div>
        )}
      </QueryState>
      <p className="hint">
        One point per {data ? `${data.resolutionSeconds} s` : '…'}; queue values are the largest backlog and dead-letter count and the fewest
        consumers seen in the point. A gap means no sample (the queue did not exist or no gateway was running).
      </p>
    </section>
  );
}
