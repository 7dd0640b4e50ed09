import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/http';
import { keys, useSession } from '../../api/queries';
import type { FailureGroup, FailureGroups } from '../../api/types';
import { Empty, ErrorBox, QueryState } from '../../components/Feedback';
import { Link, navigate } from '../../router';

function RetryGroup({ group }: { group: FailureGroup }) {
  const client = useQueryClient();
  const retry = useMutation({
    mutationFn: () => api<{ jobId: string }>('POST', '/failures/retry', { reason: group.reason }),
    onSuccess: ({ jobId }) => {
      void client.invalidateQueries({ queryKey: keys.failures });
      navigate(`/jobs/${jobId}`);
    },
  });
  return (
    <>
      <button type="button" disabled={retry.isPending} onClick={() => retry.mutate()}>
        Retry {group.files} file{group.files === 1 ? '' : 's'}
      </button>
      <ErrorBox error={retry.error} title="No retry" />
    </>
  );
}

function Group({ group, isAdmin }: { group: FailureGroup; isAdmin: boolean }) {
  return (
    <li className="failure-group" aria-label={`Failure group ${group.reason}`}>
      <div className="toolbar">
        <h2>
          {group.reason}: <span data-testid="failure-count">{group.files}</span>
        </h2>
        {group.retryable ? isAdmin && <RetryGroup group={group} /> : <span className="muted">retrying will not help: the files need fixing</span>}
      </div>
      <details>
        <summary>
          {group.sample.length < group.files ? `First ${group.sample.length} of ${group.files} files` : `${group.files} file${group.files === 1 ? '' : 's'}`}
        </summary>
        <ul className="failure-files">
          {group.sample.map((file) => (
            <li key={file.imageId}>
              <Link to={`/images/${file.imageId}`}>{file.relativePath}</Link> <span className="muted">({file.kinds.join(', ')}) {file.reason}</span>
            </li>
          ))}
        </ul>
      </details>
    </li>
  );
}

/** Render failures standing now, across jobs and libraries, grouped by what went wrong. */
export function FailuresPage() {
  const failures = useQuery({ queryKey: keys.failures, queryFn: () => api<FailureGroups>('GET', '/failures') });
  const isAdmin = useSession().data?.role === 'admin';
  return (
    <section>
      <h1>Failures</h1>
      <QueryState query={failures} what="the failures">
        {() =>
          failures.data!.groups.length === 0 ? (
            <Empty>Nothing is failing: every file has its thumbnail and cache image.</Empty>
          ) : (
            <>
              <p className="muted">{failures.data!.total} files fail to render, for these reasons:</p>
              <ul className="failure-groups" aria-label="Failure groups">
                {failures.data!.groups.map((group) => (
                  <Group key={group.reason} group={group} isAdmin={isAdmin} />
                ))}
              </ul>
            </>
          )
        }
      </QueryState>
    </section>
  );
}
