interface Props {
  label: string;
  done: number;
  total: number | null;
  /** Failed items, drawn in their own colour. */
  failed?: number;
}

/** A labelled bar; indeterminate (striped) while the total is not known. */
export function ProgressBar({ label, done, total, failed = 0 }: Props) {
  const known = total !== null;
  const percent = known ? (total === 0 ? 100 : Math.min(100, Math.floor((done * 100) / total))) : undefined;
  const failedPercent = known && total > 0 ? Math.min(100, (failed * 100) / total) : 0;
  return (
    <div
      className={`progress${known ? '' : ' progress--unknown'}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={known ? `${percent}% (${done} of ${total})` : `${done} so far, total not known yet`}
    >
      <div className="progress__fill" style={{ width: `${percent ?? 100}%` }} />
      {failedPercent > 0 && <div className="progress__failed" style={{ width: `${failedPercent}%` }} />}
    </div>
  );
}
