import { useEffect, useState } from 'react';
import { errorMessage } from '../api/http';
import { useCronPreview } from '../api/queries';
import { formatZoned } from '../format';

interface Props {
  cron: string;
  timezone: string;
  onChange: (value: { cron: string; timezone: string }) => void;
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Cron and time zone inputs with the gateway's verdict: the reason it is invalid, or the next five fire times. */
export function CronField({ cron, timezone, onChange }: Props) {
  const checked = useDebounced({ cron, timezone }, 300);
  const preview = useCronPreview(checked.cron, checked.timezone);
  return (
    <fieldset className="cron">
      <legend>When</legend>
      <label>
        Cron expression
        <input value={cron} placeholder="0 3 * * *" onChange={(event) => onChange({ cron: event.target.value, timezone })} required />
      </label>
      <label>
        Time zone
        <input value={timezone} placeholder="UTC" onChange={(event) => onChange({ cron, timezone: event.target.value })} />
      </label>
      <p className="hint">5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first; IANA zone such as Europe/Berlin.</p>
      {preview.error ? (
        <p className="field-error" role="alert" data-testid="cron-error">
          {errorMessage(preview.error)}
        </p>
      ) : null}
      {preview.data && !preview.error && (
        <div className="cron__preview">
          Next fire times:
          <ol data-testid="cron-next">
            {preview.data.fireTimes.map((time) => (
              <li key={time}>
                {formatZoned(time, preview.data.timezone)} <span className="muted">({time.replace('.000Z', 'Z')})</span>
              </li>
            ))}
          </ol>
        </div>
      )}
    </fieldset>
  );
}
