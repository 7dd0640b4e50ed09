import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useApiKey } from '../api/api-key';
import { API_BASE } from '../api/http';
import { keys } from '../api/queries';
import { applyJobUpdate, type JobUpdate } from './job-cache';
import { keyedThrottle } from './throttle';

export type StreamState = 'off' | 'connecting' | 'live' | 'reconnecting';

// Failures, children, rate and ETA are not in the event; the detail is reloaded after updates, at most this often.
const DETAIL_RELOAD_MS = 1_500;

/**
 * Keeps the job views live from GET /jobs/events (server-sent events): each job.updated is written into
 * the cached lists and details, so no view polls. On (re)connect everything job-related reloads once,
 * since updates sent while disconnected are not replayed.
 */
export function useJobStream(): StreamState {
  const key = useApiKey();
  const client = useQueryClient();
  const [state, setState] = useState<StreamState>('off');

  useEffect(() => {
    if (!key) {
      setState('off');
      return;
    }
    setState('connecting');
    const reload = keyedThrottle(DETAIL_RELOAD_MS, (what) => {
      void client.invalidateQueries({ queryKey: what === 'lists' ? ['jobs'] : what === 'charts' ? ['system', 'history'] : keys.job(what) });
    });
    const source = new EventSource(`${API_BASE}/jobs/events?apiKey=${encodeURIComponent(key)}`);
    source.addEventListener('ready', () => {
      setState('live');
      void client.invalidateQueries({ queryKey: ['jobs'] });
      void client.invalidateQueries({ queryKey: ['job'] });
    });
    source.addEventListener('job.updated', (event) => {
      const update = JSON.parse((event as MessageEvent<string>).data) as JobUpdate;
      if (!applyJobUpdate(client, update)) reload.call('lists');
      reload.call(update.jobId);
      reload.call('charts');
    });
    source.addEventListener('job.finished', (event) => {
      const { jobId } = JSON.parse((event as MessageEvent<string>).data) as { jobId: string };
      reload.call(jobId);
      reload.call('lists');
      void client.invalidateQueries({ queryKey: keys.libraries });
      void client.invalidateQueries({ queryKey: keys.schedules });
      void client.invalidateQueries({ queryKey: keys.failures });
    });
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'off' : 'reconnecting');
    return () => {
      reload.cancel();
      source.close();
    };
  }, [key, client]);

  return state;
}
