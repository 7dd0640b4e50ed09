import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/http';
import { keys, useJob, useSession } from '../../api/queries';
import { TERMINAL_JOB_STATUSES, type JobDetail } from '../../api/types';
import { ErrorBox, QueryState } from '../../components/Feedback';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, formatDuration } from '../../format';
import { Link, navigate } from '../../router';
import { JobRelations } from './JobRelations';
import { StageBars } from './StageBars';

function JobActions({ job }: { job: JobDetail }) {
  const client = useQueryClient();
  const cancel = useMutation({
    mutationFn: () => api('POST', `/jobs/${job.id}/cancel`),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.job(job.id) }),
  });
  const retry = useMutation({
    mutationFn: () => api<{ jobId: string }>('POST', `/jobs/${job.id}/retry-failed`),
    onSuccess: ({ jobId }) => navigate(`/jobs/${jobId}`),
  });
  const ended = TERMINAL_JOB_STATUSES.includes(job.status);
  const failed = job.stages.some((stage) => stage.failed > 0);
  return (
    <div className="actions">
      {!ended && (
        <button type="button" className="danger" disabled={cancel.isPending || job.cancelRequestedAt !== null} onClick={() => cancel.mutate()}>
          {job.cancelRequestedAt ? 'Cancelling…' : 'Cancel job'}
        </button>
      )}
      {ended && failed && (
        <button type="button" disabled={retry.isPending} onClick={() => retry.mutate()}>
          Retry failed
        </button>
      )}
      <ErrorBox error={cancel.error} title="Not cancelled" />
      <ErrorBox error={retry.error} title="No retry" />
    </div>
  );
}

/** Seconds from start to finish (or to now while it runs); null before it starts. */
function runningSeconds(job: JobDetail): number | null {
  if (!job.startedAt) return null;
  const end = job.finishedAt ? new Date(job.finishedAt) : new Date();
  return Math.max(0, (end.getTime() - new Date(job.startedAt).getTime()) / 1000);
}

/** A job's times, stages, rate, ETA, DAG neighbours and failures, live from the job stream. */
export function JobDetailPage({ jobId }: { jobId: string }) {
  const job = useJob(jobId);
  const isAdmin = useSession().data?.role === 'admin';
  return (
    <QueryState query={job} what="the job">
      {() => {
        const view = job.data!;
        const ended = TERMINAL_JOB_STATUSES.includes(view.status);
        return (
          <section>
            <p className="crumbs">
              <Link to="/jobs">Jobs</Link> / {view.id}
            </p>
            <div className="toolbar">
              <h1>{view.description ?? view.type}</h1>
              <StatusBadge status={view.status} />
            </div>
            {view.reason && <p className="reason">{view.reason}</p>}
            <dl className="facts">
              <dt>Type</dt>
              <dd>{view.type}</dd>
              <dt>Started</dt>
              <dd>{formatDate(view.startedAt)}</dd>
              <dt>Finished</dt>
              <dd>{formatDate(view.finishedAt)}</dd>
              <dt>Duration</dt>
              <dd>{formatDuration(runningSeconds(view))}</dd>
              <dt>{ended ? 'Average rate' : 'Rate'}</dt>
              <dd>{view.progress.ratePerSecond === null ? '—' : `${view.progress.ratePerSecond} items/s`}</dd>
              <dt>ETA</dt>
              <dd>{ended ? 'ended' : formatDuration(view.progress.etaSeconds)}</dd>
            </dl>
            {isAdmin && <JobActions job={view} />}
            <h2>Stages</h2>
            <StageBars stages={view.stages} />
            <JobRelations job={view} />
          </section>
        );
      }}
    </QueryState>
  );
}
