import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useApiKey } from './api-key';
import { api } from './http';
import type { Collection, CronPreview, HistoryWindow, ImageView, JobDetail, JobSummary, Library, LibraryOverview, Page, Role, Schedule, ScheduleRun, SystemHistory, SystemQueues } from './types';

/** Query keys; the live job stream patches the `jobs` and `job` entries in place. */
export const keys = {
  libraries: ['libraries'] as const,
  library: (id: string) => ['libraries', id] as const,
  // Under 'libraries', so the job stream's refresh on job.finished covers it.
  libraryOverview: (id: string) => ['libraries', id, 'overview'] as const,
  collections: (libraryId: string) => ['collections', libraryId] as const,
  images: (collectionId: string) => ['images', collectionId] as const,
  image: (id: string) => ['image', id] as const,
  jobs: (status: string) => ['jobs', status] as const,
  job: (id: string) => ['job', id] as const,
  schedules: ['schedules'] as const,
  schedule: (id: string) => ['schedules', id] as const,
  runs: (id: string) => ['runs', id] as const,
  system: ['system'] as const,
  history: (window: HistoryWindow) => ['system', 'history', window] as const,
  failures: ['failures'] as const,
  session: (key: string) => ['session', key] as const,
};

const withCursor = (path: string, cursor: string | null, limit: number): string =>
  `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;

function usePages<T>(queryKey: readonly unknown[], path: string, limit = 50, enabled = true) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => api<Page<T>>('GET', withCursor(path, pageParam, limit)),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
}

export const useLibraries = () => usePages<Library>(keys.libraries, '/libraries', 200);
export const useLibrary = (id: string) => useQuery({ queryKey: keys.library(id), queryFn: () => api<Library>('GET', `/libraries/${id}`) });
export const useLibraryOverview = (id: string) =>
  useQuery({ queryKey: keys.libraryOverview(id), queryFn: () => api<LibraryOverview>('GET', `/libraries/${id}/overview`) });
export const useCollections = (libraryId: string) => usePages<Collection>(keys.collections(libraryId), `/libraries/${libraryId}/collections`, 100);
export const useImages = (collectionId: string) => usePages<ImageView>(keys.images(collectionId), `/collections/${collectionId}/images`, 48);
export const useImage = (id: string) => useQuery({ queryKey: keys.image(id), queryFn: () => api<ImageView>('GET', `/images/${id}`) });
export const useJobs = (status: string) => usePages<JobSummary>(keys.jobs(status), status ? `/jobs?status=${status}` : '/jobs', 50);
export const useJob = (id: string) => useQuery({ queryKey: keys.job(id), queryFn: () => api<JobDetail>('GET', `/jobs/${id}`) });
export const useSchedules = () => usePages<Schedule>(keys.schedules, '/schedules', 200);
export const useSchedule = (id: string) => useQuery({ queryKey: keys.schedule(id), queryFn: () => api<Schedule>('GET', `/schedules/${id}`) });
export const useScheduleRuns = (id: string) => usePages<ScheduleRun>(keys.runs(id), `/schedules/${id}/runs`, 50);

/** Queue depths change without events the gateway streams, so this page (only) refreshes on a timer. */
export const useSystemQueues = () =>
  useQuery({ queryKey: keys.system, queryFn: () => api<SystemQueues>('GET', '/system/queues'), refetchInterval: 5_000 });

/**
 * Throughput and queue depth over time. The job stream refreshes it while work runs (throughput comes
 * from job events); the timer catches the queue samples, which have no event, at their own pace.
 */
export const useSystemHistory = (window: HistoryWindow) =>
  useQuery({
    queryKey: keys.history(window),
    queryFn: () => api<SystemHistory>('GET', `/system/history?window=${window}`),
    refetchInterval: window === '24h' ? 60_000 : 5_000,
  });

export function useSession() {
  const key = useApiKey();
  return useQuery({
    queryKey: keys.session(key),
    queryFn: () => api<{ role: Role }>('GET', '/system/session'),
    enabled: key !== '',
    retry: false,
    staleTime: Infinity,
  });
}

export function useCronPreview(cron: string, timezone: string) {
  const params = new URLSearchParams({ cron, timezone: timezone || 'UTC', count: '5' });
  return useQuery({
    queryKey: ['cron-preview', cron, timezone],
    queryFn: () => api<CronPreview>('GET', `/cron/preview?${params.toString()}`),
    enabled: cron.trim() !== '',
    retry: false,
    staleTime: 60_000,
  });
}

export const allItems = <T,>(data: { pages: Array<Page<T>> } | undefined): T[] => data?.pages.flatMap((page) => page.items) ?? [];
