import { bootOrExit, runService } from '@mediaflow/service-kit';
import { loadCacheWorkerEnv } from './config/cache-worker.env';
import { CacheWorkerModule } from './cache-worker.module';

bootOrExit(() => runService({ name: 'cache-worker', env: loadCacheWorkerEnv(), module: CacheWorkerModule }));
