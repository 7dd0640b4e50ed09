import type { ReactNode } from 'react';
import { errorMessage } from '../api/http';

export function ErrorBox({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  if (!error) return null;
  return (
    <div className="error" role="alert">
      <strong>{title}:</strong> {errorMessage(error)}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function Loading({ what }: { what: string }) {
  return <p className="loading">Loading {what}…</p>;
}

/** Loading, error or the content, for one query. */
export function QueryState({ query, what, children }: { query: { isPending: boolean; error: unknown }; what: string; children: () => ReactNode }) {
  if (query.error) return <ErrorBox error={query.error} title={`Cannot load ${what}`} />;
  if (query.isPending) return <Loading what={what} />;
  return <>{children()}</>;
}
