import { allItems, useSchedule, useScheduleRuns, useSession } from '../../api/queries';
import { Empty, QueryState } from '../../components/Feedback';
import { LoadMore } from '../../components/LoadMore';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate } from '../../format';
import { Link } from '../../router';
import { ScheduleActions } from './ScheduleActions';

/** A schedule and its run history (newest first). */
export function ScheduleDetailPage({ scheduleId }: { scheduleId: string }) {
  const schedule = useSchedule(scheduleId);
  const runs = useScheduleRuns(scheduleId);
  const isAdmin = useSession().data?.role === 'admin';
  const items = allItems(runs.data);
  return (
    <section>
      <p className="crumbs">
        <Link to="/schedules">Schedules</Link> / {schedule.data?.name ?? '…'}
      </p>
      <QueryState query={schedule} what="the schedule">
        {() => (
          <>
            <h1>{schedule.data!.name}</h1>
            <p className="mono">
              {schedule.data!.cron} ({schedule.data!.timezone}), next {formatDate(schedule.data!.nextRunAt)}
            </p>
            {isAdmin && <ScheduleActions schedule={schedule.data!} />}
          </>
        )}
      </QueryState>
      <h2>History</h2>
      <QueryState query={runs} what="runs">
        {() =>
          items.length === 0 ? (
            <Empty>It has not run yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Occurrence</th>
                    <th>Trigger</th>
                    <th>Decision</th>
                    <th>Job</th>
                    <th>Note</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((run) => (
                    <tr key={run.id}>
                      <td>{formatDate(run.occurrenceAt)}</td>
                      <td>{run.trigger}</td>
                      <td>
                        <StatusBadge status={run.decision} />
                      </td>
                      <td>{run.jobId ? <Link to={`/jobs/${run.jobId}`}>{run.status ?? 'job'}</Link> : '—'}</td>
                      <td>{run.reason ?? run.summary ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
      <LoadMore pages={runs} what="runs" />
    </section>
  );
}
