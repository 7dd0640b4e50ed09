import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/http';
import { keys } from '../../api/queries';
import type { Library } from '../../api/types';
import { CronField } from '../../components/CronField';
import { ErrorBox } from '../../components/Feedback';
import { lines } from '../../format';

interface Props {
  /** The library to edit; none: a new one. */
  library?: Library;
  onDone: () => void;
}

export function LibraryForm({ library, onDone }: Props) {
  const client = useQueryClient();
  const [name, setName] = useState(library?.name ?? '');
  const [rootPath, setRootPath] = useState(library?.rootPath ?? '');
  const [include, setInclude] = useState(library?.include.join('\n') ?? '');
  const [exclude, setExclude] = useState(library?.exclude.join('\n') ?? '');
  const [watch, setWatch] = useState(library?.watch ?? false);
  const [scheduled, setScheduled] = useState(library ? library.scanSchedule !== null : true);
  const [when, setWhen] = useState({ cron: library?.scanSchedule?.cron ?? '0 3 * * *', timezone: library?.scanSchedule?.timezone ?? 'UTC' });
  const [mode, setMode] = useState(library?.scanSchedule?.mode ?? 'incremental');

  const save = useMutation({
    mutationFn: () => {
      const body = {
        name,
        include: lines(include),
        exclude: lines(exclude),
        watch,
        scanSchedule: scheduled ? { cron: when.cron, timezone: when.timezone || 'UTC', mode } : null,
      };
      return library ? api<Library>('PATCH', `/libraries/${library.id}`, body) : api<Library>('POST', '/libraries', { ...body, rootPath });
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: keys.libraries });
      onDone();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form className="form" onSubmit={submit} aria-label={library ? `Edit ${library.name}` : 'New library'}>
      <label>
        Name
        <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={200} />
      </label>
      <label>
        Folder
        <input value={rootPath} onChange={(event) => setRootPath(event.target.value)} required disabled={library !== undefined} placeholder="/libraries/photos" />
      </label>
      <label>
        Include (globs, one per line; empty: everything)
        <textarea value={include} onChange={(event) => setInclude(event.target.value)} rows={2} />
      </label>
      <label>
        Exclude (globs, one per line)
        <textarea value={exclude} onChange={(event) => setExclude(event.target.value)} rows={2} />
      </label>
      <label className="check">
        <input type="checkbox" checked={watch} onChange={(event) => setWatch(event.target.checked)} />
        Watch the folder and index changes as they happen
      </label>
      <label className="check">
        <input type="checkbox" checked={scheduled} onChange={(event) => setScheduled(event.target.checked)} />
        Scan on a schedule
      </label>
      {scheduled && (
        <>
          <CronField cron={when.cron} timezone={when.timezone} onChange={setWhen} />
          <label>
            Scheduled scan mode
            <select value={mode} onChange={(event) => setMode(event.target.value as 'incremental' | 'full')}>
              <option value="incremental">incremental</option>
              <option value="full">full</option>
            </select>
          </label>
        </>
      )}
      <ErrorBox error={save.error} title="Not saved" />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {library ? 'Save library' : 'Add library'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
