import { Link } from '../router';
import type { StreamState } from '../live/job-stream';

const SECTIONS = [
  { to: '/libraries', label: 'Libraries' },
  { to: '/jobs', label: 'Jobs' },
  { to: '/failures', label: 'Failures' },
  { to: '/schedules', label: 'Schedules' },
  { to: '/system', label: 'Queues & system' },
];

const STREAM_LABEL: Record<StreamState, string> = {
  off: 'live updates off',
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
};

export function Nav({ path, stream }: { path: string; stream: StreamState }) {
  return (
    <nav className="nav" aria-label="Sections">
      <span className="nav__brand">Mediaflow</span>
      {SECTIONS.map((section) => (
        <Link key={section.to} to={section.to} aria-current={path.startsWith(section.to) ? 'page' : undefined}>
          {section.label}
        </Link>
      ))}
      <span className={`nav__stream nav__stream--${stream}`} data-testid="stream-state">
        {STREAM_LABEL[stream]}
      </span>
    </nav>
  );
}
