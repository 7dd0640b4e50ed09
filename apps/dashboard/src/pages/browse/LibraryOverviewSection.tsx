import { useLibraryOverview } from '../../api/queries';
import type { DerivativeStateCounts, LibraryOverview, MediaKindOverview } from '../../api/types';
import { Empty, QueryState } from '../../components/Feedback';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, formatDuration } from '../../format';
import { Link } from '../../router';

const STATES = ['ready', 'failed', 'pending'] as const;
/** Column labels on a phone, where the words do not fit; the legend under the table says what they mean. */
const SHORT: Record<(typeof STATES)[number], string> = { ready: '✓', failed: '✗', pending: '…' };

/** Counts by media kind and derivative state, the last and next scan and the watch status of one library. */
export function LibraryOverviewSection({ libraryId }: { libraryId: string }) {
  const overview = useLibraryOverview(libraryId);
  return (
    <section aria-label="Library overview">
      <h2>Overview</h2>
      <QueryState query={overview} what="the overview">
        {() => overview.data && <OverviewBody overview={overview.data} />}
      </QueryState>
    </section>
  );
}

function OverviewBody({ overview }: { overview: LibraryOverview }) {
  const { lastScan, watch } = overview;
  return (
    <>
      {overview.mediaKinds.length === 0 ? <Empty>No media indexed yet — scan the library.</Empty> : <KindsTable kinds={overview.mediaKinds} />}
      <dl className="facts">
        <dt>Images</dt>
        <dd>
          {overview.images} <span className="muted">counted {formatDate(overview.countedAt)}</span>
        </dd>
        <dt>Last scan</dt>
        <dd>
          {lastScan ? (
            <>
              <Link to={`/jobs/${lastScan.jobId}`}>{formatDate(lastScan.finishedAt ?? lastScan.startedAt)}</Link>{' '}
              {lastScan.status && <StatusBadge status={lastScan.status} />}
              {lastScan.durationMs !== null && <span className="muted"> took {formatDuration(lastScan.durationMs / 1000)}</span>}
            </>
          ) : (
            'never'
          )}
        </dd>
        <dt>Next scan</dt>
        <dd>{overview.nextScanAt ? formatDate(overview.nextScanAt) : 'none scheduled'}</dd>
        <dt>Watch</dt>
        <dd>
          {watch.enabled ? <StatusBadge status={watch.status} title={watch.reason ?? undefined} /> : 'off'}
          {watch.reason && <span className="reason"> {watch.reason}</span>}
        </dd>
      </dl>
    </>
  );
}

function KindsTable({ kinds }: { kinds: MediaKindOverview[] }) {
  return (
    <div className="table-wrap">
      <table className="overview-table">
        <thead>
          <tr>
            <th rowSpan={2} scope="col">
              Kind
            </th>
            <th rowSpan={2} scope="col" className="num">
              Images
            </th>
            <th colSpan={3} scope="colgroup">
              Thumbnails
            </th>
            <th colSpan={3} scope="colgroup">
              Cache
            </th>
          </tr>
          <tr>
            {[...STATES, ...STATES].map((state, index) => (
              <th key={index} scope="col" className="num">
                <abbr title={state}>
                  <span className="wide-only">{state}</span>
                  <span className="narrow-only">{SHORT[state]}</span>
                </abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {kinds.map((row) => (
            <tr key={row.kind} data-kind={row.kind}>
              <th scope="row">{row.kind}</th>
              <td className="num">{row.images}</td>
              <StateCells counts={row.thumbnail} />
              <StateCells counts={row.cache} />
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted narrow-only overview-legend">
        {STATES.map((state) => `${SHORT[state]} ${state}`).join(' · ')}
      </p>
    </div>
  );
}

function StateCells({ counts }: { counts: DerivativeStateCounts }) {
  return (
    <>
      {STATES.map((state) => (
        <td key={state} className={`num${state === 'failed' && counts.failed > 0 ? ' bad' : ''}`}>
          {counts[state]}
        </td>
      ))}
    </>
  );
}
