import { useState } from 'react';
import { allItems, useSchedules, useSession } from '../../api/queries';
import type { Schedule } from '../../api/types';
import { Empty, QueryState } from '../../components/Feedback';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate } from '../../format';
import { Link } from '../../router';
import { ScheduleActions } from './ScheduleActions';
import { ScheduleForm } from './ScheduleForm';

function ScheduleCard({ schedule, isAdmin }: { schedule: Schedule; isAdmin: boolean }) {
  const [editing, setEditing] = useState(false);
  const state = !schedule.enabled ? 'disabled' : schedule.paused ? 'paused' : 'active';
  return (
    <li className="card" aria-label={`Schedule ${schedule.name}`}>
      <div className="card__head">
        <h2>
          <Link to={`/schedules/${schedule.id}`}>{schedule.name}</Link>
        </h2>
        <StatusBadge status={state} />
      </div>
      <dl className="facts">
        <dt>Job</dt>
        <dd>{schedule.type}</dd>
        <dt>When</dt>
        <dd className="mono">
          {schedule.cron} ({schedule.timezone})
        </dd>
        <dt>Next run</dt>
        <dd>{formatDate(schedule.nextRunAt)}</dd>
        <dt>Last run</dt>
        <dd>{schedule.lastRun ? `${formatDate(schedule.lastRun.occurrenceAt)}: ${schedule.lastRun.decision} ${schedule.lastRun.status ?? ''}` : 'never'}</dd>
        <dt>Runs</dt>
        <dd>
          {schedule.counters.fired} fired, {schedule.counters.skipped} skipped, {schedule.counters.failed} failed
        </dd>
      </dl>
      {isAdmin && <ScheduleActions schedule={schedule} onEdit={() => setEditing(!editing)} />}
      {editing && <ScheduleForm schedule={schedule} onDone={() => setEditing(false)} />}
    </li>
  );
}

export function SchedulesPage() {
  const schedules = useSchedules();
  const isAdmin = useSession().data?.role === 'admin';
  const [creating, setCreating] = useState(false);
  const items = allItems(schedules.data);
  return (
    <section>
      <div className="toolbar">
        <h1>Schedules</h1>
        {isAdmin && !creating && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New schedule
          </button>
        )}
      </div>
      {creating && <ScheduleForm onDone={() => setCreating(false)} />}
      <QueryState query={schedules} what="schedules">
        {() =>
          items.length === 0 ? (
            <Empty>No schedules. Libraries get a scan schedule of their own; create others here.</Empty>
          ) : (
            <ul className="cards">
              {items.map((schedule) => (
                <ScheduleCard key={schedule.id} schedule={schedule} isAdmin={isAdmin} />
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}
