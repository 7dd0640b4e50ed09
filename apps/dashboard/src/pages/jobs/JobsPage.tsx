import { allItems, useJobs } from '../../api/queries';
import { Empty, QueryState } from '../../components/Feedback';
import { LoadMore } from '../../components/LoadMore';
import { ProgressBar } from '../../components/ProgressBar';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate } from '../../format';
import { Link, navigate, useLocation } from '../../router';
import { overallProgress } from './job-progress';

const STATUSES = ['', 'pending', 'running', 'completed', 'completed_with_errors', 'failed', 'cancelled'];

/** Every job, newest first, kept current by the live stream (no polling). */
export function JobsPage() {
  const status = useLocation().search.get('status') ?? '';
  const jobs = useJobs(status);
  const items = allItems(jobs.data);
  return (
    <section>
      <div className="toolbar">
        <h1>Jobs</h1>
        <label>
          Status
          <select value={status} onChange={(event) => navigate(event.target.value ? `/jobs?status=${event.target.value}` : '/jobs')}>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {value ? value.replace(/_/g, ' ') : 'any'}
              </option>
            ))}
          </select>
        </label>
      </div>
      <QueryState query={jobs} what="jobs">
        {() =>
          items.length === 0 ? (
            <Empty>No jobs{status ? ` with status ${status.replace(/_/g, ' ')}` : ''}. Scanning a library starts one.</Empty>
          ) : (
            <ul className="jobs">
              {items.map((job) => {
                const overall = overallProgress(job.stages);
                return (
                  <li key={job.id} className="job-row">
                    <Link to={`/jobs/${job.id}`}>{job.description ?? job.type}</Link>
                    <StatusBadge status={job.status} />
                    <ProgressBar label={`job ${job.id} progress`} done={overall.processed} total={overall.total} />
                    <span className="muted">{formatDate(job.createdAt)}</span>
                  </li>
                );
              })}
            </ul>
          )
        }
      </QueryState>
      <LoadMore pages={jobs} what="jobs" />
    </section>
  );
}
