import type { ServiceEnv } from '@mediaflow/config';
import { ApiGatewayEnv } from '../../apps/api-gateway/src/config/api-gateway.env';
import { CacheWorkerEnv } from '../../apps/cache-worker/src/config/cache-worker.env';
import { JobTrackerEnv } from '../../apps/job-tracker/src/config/job-tracker.env';
import { ScanWorkerEnv } from '../../apps/scan-worker/src/config/scan-worker.env';
import { SchedulerEnv } from '../../apps/scheduler/src/config/scheduler.env';
import { ThumbnailWorkerEnv } from '../../apps/thumbnail-worker/src/config/thumbnail-worker.env';
import { WatcherEnv } from '../../apps/watcher/src/config/watcher.env';

export type AppEnvClass = new () => ServiceEnv & { HTTP_PORT: number };

/** Every deployable app (its folder under apps/ and its image's APP arg) and the class that validates its env. */
export const APP_ENV_CLASSES = {
  'api-gateway': ApiGatewayEnv,
  scheduler: SchedulerEnv,
  watcher: WatcherEnv,
  'scan-worker': ScanWorkerEnv,
  'thumbnail-worker': ThumbnailWorkerEnv,
  'cache-worker': CacheWorkerEnv,
  'job-tracker': JobTrackerEnv,
} as const satisfies Record<string, AppEnvClass>;

export type AppName = keyof typeof APP_ENV_CLASSES;
