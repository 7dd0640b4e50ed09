import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/http';
import { allItems, keys, useLibraries } from '../../api/queries';
import type { Schedule } from '../../api/types';
import { CronField } from '../../components/CronField';
import { ErrorBox } from '../../components/Feedback';

const TYPES = ['library-scan', 'derivative-cleanup', 'stale-job-recovery', 'retention'];
const OVERLAP = ['skip', 'buffer_one', 'allow'];

export function ScheduleForm({ schedule, onDone }: { schedule?: Schedule; onDone: () => void }) {
  const client = useQueryClient();
  const libraries = allItems(useLibraries().data);
  const [name, setName] = useState(schedule?.name ?? '');
  const [type, setType] = useState(schedule?.type ?? 'library-scan');
  const [libraryId, setLibraryId] = useState(String(schedule?.params.libraryId ?? ''));
  const [mode, setMode] = useState(String(schedule?.params.mode ?? 'incremental'));
  const [when, setWhen] = useState({ cron: schedule?.cron ?? '', timezone: schedule?.timezone ?? 'UTC' });
  const [overlapPolicy, setOverlapPolicy] = useState(schedule?.overlapPolicy ?? 'skip');
  const takesLibrary = type === 'library-scan' || type === 'derivative-cleanup';

  const save = useMutation({
    mutationFn: () => {
      const params = {
        ...(takesLibrary && libraryId ? { libraryId } : {}),
        ...(type === 'library-scan' ? { mode } : {}),
      };
      const body = { name, params, cron: when.cron, timezone: when.timezone || 'UTC', overlapPolicy };
      return schedule ? api<Schedule>('PATCH', `/schedules/${schedule.id}`, body) : api<Schedule>('POST', '/schedules', { ...body, type });
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: keys.schedules });
      onDone();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form className="form" onSubmit={submit} aria-label={schedule ? `Edit ${schedule.name}` : 'New schedule'}>
      <label>
        Schedule name
        <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={200} />
      </label>
      <label>
        Job type
        <select value={type} onChange={(event) => setType(event.target.value)} disabled={schedule !== undefined}>
          {TYPES.map((value) => (
            <option key={value}>{value}</option>
          ))}
        </select>
      </label>
      {takesLibrary && (
        <label>
          Library
          <select value={libraryId} onChange={(event) => setLibraryId(event.target.value)}>
            <option value="">every library</option>
            {libraries.map((library) => (
              <option key={library.id} value={library.id}>
                {library.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {type === 'library-scan' && (
        <label>
          Scan mode
          <select value={mode} onChange={(event) => setMode(event.target.value)}>
            <option>incremental</option>
            <option>full</option>
          </select>
        </label>
      )}
      <CronField cron={when.cron} timezone={when.timezone} onChange={setWhen} />
      <label>
        When the previous run is still going
        <select value={overlapPolicy} onChange={(event) => setOverlapPolicy(event.target.value)}>
          {OVERLAP.map((value) => (
            <option key={value}>{value}</option>
          ))}
        </select>
      </label>
      <ErrorBox error={save.error} title="Not saved" />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {schedule ? 'Save schedule' : 'Create schedule'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
