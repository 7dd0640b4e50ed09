import type { ReactNode } from 'react';
import { useApiKey } from './api/api-key';
import { ApiKeyBar } from './components/ApiKeyBar';
import { Empty } from './components/Feedback';
import { Nav } from './components/Nav';
import { useJobStream } from './live/job-stream';
import { CollectionPage } from './pages/browse/CollectionPage';
import { ImagePage } from './pages/browse/ImagePage';
import { LibraryBrowsePage } from './pages/browse/LibraryBrowsePage';
import { FailuresPage } from './pages/failures/FailuresPage';
import { JobDetailPage } from './pages/jobs/JobDetailPage';
import { JobsPage } from './pages/jobs/JobsPage';
import { LibrariesPage } from './pages/libraries/LibrariesPage';
import { ScheduleDetailPage } from './pages/schedules/ScheduleDetailPage';
import { SchedulesPage } from './pages/schedules/SchedulesPage';
import { SystemPage } from './pages/system/SystemPage';
import { matchRoute, navigate, useLocation } from './router';

const ROUTES: Array<[string, (params: Record<string, string>) => ReactNode]> = [
  ['/libraries', () => <LibrariesPage />],
  ['/libraries/:id', ({ id }) => <LibraryBrowsePage libraryId={id!} />],
  ['/collections/:id', ({ id }) => <CollectionPage collectionId={id!} />],
  ['/images/:id', ({ id }) => <ImagePage imageId={id!} />],
  ['/jobs', () => <JobsPage />],
  ['/jobs/:id', ({ id }) => <JobDetailPage jobId={id!} />],
  ['/schedules', () => <SchedulesPage />],
  ['/schedules/:id', ({ id }) => <ScheduleDetailPage scheduleId={id!} />],
  ['/system', () => <SystemPage />],
  ['/failures', () => <FailuresPage />],
];

function Page({ path }: { path: string }) {
  if (path === '/') {
    queueMicrotask(() => navigate('/libraries'));
    return null;
  }
  for (const [pattern, render] of ROUTES) {
    const params = matchRoute(pattern, path);
    if (params) return <>{render(params)}</>;
  }
  return <Empty>No page at {path}. Pick a section above.</Empty>;
}

export function App() {
  const { path } = useLocation();
  const key = useApiKey();
  const stream = useJobStream();
  return (
    <>
      <header className="header">
        <Nav path={path} stream={stream} />
        <ApiKeyBar />
      </header>
      <main className="main">
        {key ? <Page path={path} /> : <Empty>Enter an API key above to use the dashboard (ask whoever runs Mediaflow; see API_KEYS).</Empty>}
      </main>
    </>
  );
}
