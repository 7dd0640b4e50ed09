import type { ServiceQueue } from '../../api/types';

/** What the strip says about one service, worst first: down, stalled backlog, parked messages, fine. */
function verdict(row: ServiceQueue): { tone: 'good' | 'warn' | 'bad' | 'muted'; text: string } {
  if (row.health === 'unknown') return { tone: 'muted', text: 'never started' };
  if (row.health === 'down') return { tone: 'bad', text: (row.messages ?? 0) > 0 ? `down, ${row.messages} waiting` : 'down' };
  if ((row.deadLetters ?? 0) > 0) return { tone: 'warn', text: `${row.deadLetters} dead letters` };
  if ((row.messages ?? 0) > 0) return { tone: 'good', text: `busy, ${row.messages} queued` };
  return { tone: 'good', text: 'idle' };
}

/** One chip per service: at a glance, which are up, busy, stalled or holding dead letters. */
export function HealthStrip({ services }: { services: ServiceQueue[] }) {
  return (
    <ul className="health-strip" aria-label="Service health">
      {services.map((row) => {
        const { tone, text } = verdict(row);
        const replicas = row.consumers === null ? '' : ` · ${row.consumers} replica${row.consumers === 1 ? '' : 's'}`;
        return (
          <li key={row.service} className={`health health--${tone}`} aria-label={`${row.service}: ${row.health}, ${text}`}>
            <strong>{row.service}</strong>
            <span>
              {text}
              {replicas}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
