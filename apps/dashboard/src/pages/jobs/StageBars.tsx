import type { Stage } from '../../api/types';
import { ProgressBar } from '../../components/ProgressBar';
import { StatusBadge } from '../../components/StatusBadge';
import { processedOf } from './job-progress';

/** One bar per stage with its counts. */
export function StageBars({ stages }: { stages: Stage[] }) {
  return (
    <ul className="stages">
      {stages.map((stage) => (
        <li key={stage.name} className="stage">
          <div className="stage__head">
            <strong>{stage.name}</strong> <StatusBadge status={stage.status} />
            <span className="muted stage__counts">
              {processedOf(stage)} / {stage.total ?? '?'} · {stage.done} done · {stage.failed} failed · {stage.skipped} skipped
            </span>
          </div>
          <ProgressBar label={`${stage.name} stage`} done={processedOf(stage)} total={stage.total} failed={stage.failed} />
        </li>
      ))}
    </ul>
  );
}
