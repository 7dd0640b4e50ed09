import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/http';
import { keys, useSession, useSystemQueues } from '../../api/queries';
import type { ServiceQueue } from '../../api/types';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorBox, QueryState } from '../../components/Feedback';
import { StatusBadge } from '../../components/StatusBadge';
import { HealthStrip } from './HealthStrip';
import { HistoryCharts } from './HistoryCharts';

const count = (value: number | null) => (value === null ? '—' : value);

function ServiceRow({ row, isAdmin }: { row: ServiceQueue; isAdmin: boolean }) {
  const client = useQueryClient();
  const replay = useMutation({
    mutationFn: () => api<{ replayed: number; kept: number }>('POST', `/system/queues/${row.service}/replay-dead-letters`),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.system }),
  });
  return (
    <tr>
      <td>{row.service}</td>
      <td>
        <StatusBadge status={row.health} title={row.health === 'unknown' ? 'No queue yet: the service never started' : undefined} />
      </td>
      <td>{count(row.messages)}</td>
      <td>{count(row.consumers)}</td>
      <td>{count(row.deadLetters)}</td>
      <td>
        {isAdmin && (row.deadLetters ?? 0) > 0 && (
          <ConfirmButton question={`Replay ${row.deadLetters} parked messages of ${row.service}?`} onConfirm={() => replay.mutate()}>
            Replay
          </ConfirmButton>
        )}
        {replay.data && (
          <span className="muted">
            {replay.data.replayed} replayed{replay.data.kept ? `, ${replay.data.kept} kept (no routing key)` : ''}
          </span>
        )}
        <ErrorBox error={replay.error} title="Not replayed" />
      </td>
    </tr>
  );
}

/**
 * Per service: a health strip, throughput and queues over time, and the queue table (depth, consumers,
 * dead letters, with replay).
 */
export function SystemPage() {
  const system = useSystemQueues();
  const isAdmin = useSession().data?.role === 'admin';
  return (
    <section>
      <h1>Queues & system</h1>
      <QueryState query={system} what="queues">
        {() => <HealthStrip services={system.data!.services} />}
      </QueryState>
      <HistoryCharts />
      <h2>Queues now</h2>
      <QueryState query={system} what="queues">
        {() => (
          <>
            <p>
              Gateway: up; live job updates {system.data!.gateway.liveUpdates ? 'connected' : 'not connected to the broker'}. Health below
              counts the consumers on each service queue: one per running replica.
            </p>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Service</th>
                    <th>Health</th>
                    <th>Queued</th>
                    <th>Consumers</th>
                    <th>Dead letters</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {system.data!.services.map((row) => (
                    <ServiceRow key={row.service} row={row} isAdmin={isAdmin} />
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </QueryState>
    </section>
  );
}
