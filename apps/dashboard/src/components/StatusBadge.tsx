const TONE: Record<string, string> = {
  online: 'good', up: 'good', active: 'good', completed: 'good', running: 'info', watching: 'good', ready: 'good', fired: 'good',
  pending: 'muted', unknown: 'muted', disabled: 'muted', off: 'muted',
  degraded: 'warn', completed_with_errors: 'warn', paused: 'warn', needs_attention: 'warn', skipped: 'warn',
  offline: 'bad', down: 'bad', failed: 'bad', cancelled: 'bad', error: 'bad',
};

export function StatusBadge({ status, title }: { status: string; title?: string }) {
  return (
    <span className={`badge badge--${TONE[status] ?? 'muted'}`} title={title}>
      {status.replace(/_/g, ' ')}
    </span>
  );
}
