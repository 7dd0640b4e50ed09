import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/http';
import { keys } from '../../api/queries';
import type { Schedule } from '../../api/types';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorBox } from '../../components/Feedback';

/** Enable/disable, pause/resume, run now and delete. */
export function ScheduleActions({ schedule, onEdit }: { schedule: Schedule; onEdit?: () => void }) {
  const client = useQueryClient();
  const act = useMutation({
    mutationFn: (action: string) =>
      action === 'delete' ? api('DELETE', `/schedules/${schedule.id}`) : api('POST', `/schedules/${schedule.id}/${action}`, action === 'run-now' ? {} : undefined),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: keys.schedules });
      await client.invalidateQueries({ queryKey: keys.runs(schedule.id) });
    },
  });
  return (
    <div className="actions">
      <button type="button" onClick={() => act.mutate(schedule.enabled ? 'disable' : 'enable')}>
        {schedule.enabled ? 'Disable' : 'Enable'}
      </button>
      <button type="button" onClick={() => act.mutate(schedule.paused ? 'resume' : 'pause')}>
        {schedule.paused ? 'Resume' : 'Pause'}
      </button>
      <button type="button" onClick={() => act.mutate('run-now')}>
        Run now
      </button>
      {onEdit && (
        <button type="button" onClick={onEdit}>
          Edit
        </button>
      )}
      <ConfirmButton danger question={`Delete schedule ${schedule.name} and its history?`} onConfirm={() => act.mutate('delete')}>
        Delete
      </ConfirmButton>
      {act.isSuccess && act.variables === 'run-now' && <span className="muted">Run requested; a scheduler fires it within seconds.</span>}
      <ErrorBox error={act.error} title="Not done" />
    </div>
  );
}
