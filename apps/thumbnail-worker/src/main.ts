import { bootOrExit, runService } from '@mediaflow/service-kit';
import { loadThumbnailWorkerEnv } from './config/thumbnail-worker.env';
import { ThumbnailWorkerModule } from './thumbnail-worker.module';

bootOrExit(() => runService({ name: 'thumbnail-worker', env: loadThumbnailWorkerEnv(), module: ThumbnailWorkerModule }));
