import { useState, type FormEvent } from 'react';
import { saveApiKey, useApiKey } from '../api/api-key';
import { errorMessage } from '../api/http';
import { useSession } from '../api/queries';

/** Enter, change or forget the API key (kept in this browser's localStorage). */
export function ApiKeyBar() {
  const key = useApiKey();
  const session = useSession();
  const [draft, setDraft] = useState('');
  const [editing, setEditing] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    saveApiKey(draft.trim());
    setDraft('');
    setEditing(false);
  };

  if (key && !editing) {
    return (
      <div className="keybar">
        {session.data && <span className="muted">Signed in as {session.data.role}</span>}
        {session.error ? <span className="field-error">{errorMessage(session.error)}</span> : null}
        <button type="button" onClick={() => setEditing(true)}>
          Change key
        </button>
        <button type="button" onClick={() => saveApiKey('')}>
          Forget key
        </button>
      </div>
    );
  }
  return (
    <form className="keybar" onSubmit={submit}>
      <label>
        API key
        <input type="password" autoComplete="off" value={draft} onChange={(event) => setDraft(event.target.value)} required />
      </label>
      <button type="submit">Use key</button>
    </form>
  );
}
