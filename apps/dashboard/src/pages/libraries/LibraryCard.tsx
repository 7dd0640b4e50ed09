import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/http';
import { keys } from '../../api/queries';
import type { Library } from '../../api/types';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorBox } from '../../components/Feedback';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate } from '../../format';
import { Link, navigate } from '../../router';
import { LibraryForm } from './LibraryForm';

export function LibraryCard({ library, isAdmin }: { library: Library; isAdmin: boolean }) {
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const scan = useMutation({
    mutationFn: (mode: 'incremental' | 'full') => api<{ jobId: string }>('POST', `/libraries/${library.id}/scans`, { mode }),
    onSuccess: ({ jobId }) => navigate(`/jobs/${jobId}`),
  });
  const remove = useMutation({
    mutationFn: () => api<void>('DELETE', `/libraries/${library.id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.libraries }),
  });
  const schedule = library.scanSchedule;

  return (
    <li className="card" aria-label={`Library ${library.name}`}>
      <div className="card__head">
        <h2>
          <Link to={`/libraries/${library.id}`}>{library.name}</Link>
        </h2>
        <StatusBadge status={library.status} />
      </div>
      {library.statusReason && <p className="reason">{library.statusReason}</p>}
      <p className="muted path">{library.rootPath}</p>
      <dl className="facts">
        <dt>Images</dt>
        <dd>{library.imageCount}</dd>
        <dt>Collections</dt>
        <dd>{library.collectionCount}</dd>
        <dt>Watch</dt>
        <dd>
          {library.watch ? <StatusBadge status={library.watchStatus} title={library.watchReason ?? undefined} /> : 'off'}
          {library.watchReason && <span className="reason"> {library.watchReason}</span>}
        </dd>
        <dt>Last scan</dt>
        <dd>{library.lastScanJobId ? <Link to={`/jobs/${library.lastScanJobId}`}>{formatDate(library.lastScanAt)}</Link> : 'never'}</dd>
        <dt>Scheduled scan</dt>
        <dd>
          {schedule
            ? `${schedule.mode}, "${schedule.cron}" ${schedule.timezone}${schedule.enabled ? `, next ${formatDate(schedule.nextRunAt)}` : ' (disabled)'}`
            : 'none'}
        </dd>
      </dl>
      {isAdmin && (
        <div className="actions">
          <button type="button" className="primary" disabled={scan.isPending} onClick={() => scan.mutate('incremental')}>
            Scan now
          </button>
          <button type="button" disabled={scan.isPending} onClick={() => scan.mutate('full')}>
            Full scan
          </button>
          <button type="button" onClick={() => setEditing(!editing)}>
            {editing ? 'Close editor' : 'Edit'}
          </button>
          <ConfirmButton danger question={`Delete library ${library.name}? Source files stay untouched.`} onConfirm={() => remove.mutate()}>
            Delete
          </ConfirmButton>
        </div>
      )}
      <ErrorBox error={scan.error} title="Scan not started" />
      <ErrorBox error={remove.error} title="Not deleted" />
      {editing && <LibraryForm library={library} onDone={() => setEditing(false)} />}
    </li>
  );
}
