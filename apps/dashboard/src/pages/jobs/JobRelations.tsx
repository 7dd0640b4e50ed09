import type { JobDetail } from '../../api/types';
import { Empty } from '../../components/Feedback';
import { StatusBadge } from '../../components/StatusBadge';
import { Link } from '../../router';

/** Parent, dependencies, children and failures of a job. */
export function JobRelations({ job }: { job: JobDetail }) {
  return (
    <>
      {(job.parentId || job.dependsOn.length > 0) && (
        <p>
          {job.parentId && (
            <>
              Part of <Link to={`/jobs/${job.parentId}`}>job {job.parentId}</Link>.{' '}
            </>
          )}
          {job.dependsOn.length > 0 && 'Runs after '}
          {job.dependsOn.map((id) => (
            <Link key={id} to={`/jobs/${id}`}>
              job {id}{' '}
            </Link>
          ))}
        </p>
      )}
      <h2>
        Child jobs ({job.children.finished} of {job.children.total} finished)
      </h2>
      {job.children.items.length === 0 ? (
        <Empty>No child jobs.</Empty>
      ) : (
        <ul className="list">
          {job.children.items.map((child) => (
            <li key={child.id}>
              <Link to={`/jobs/${child.id}`}>{child.type}</Link> <StatusBadge status={child.status} />
            </li>
          ))}
        </ul>
      )}
      <h2>Failures</h2>
      {job.failureSample.length === 0 ? (
        <Empty>Nothing failed.</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Stage</th>
                <th>Path</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {job.failureSample.map((failure) => (
                <tr key={`${failure.stage}:${failure.itemId}`}>
                  <td>{failure.stage}</td>
                  <td className="path">{failure.path ?? failure.itemId}</td>
                  <td>{failure.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
