import { bootOrExit, runService } from '@mediaflow/service-kit';
import { loadWatcherEnv } from './config/watcher.env';
import { WatcherModule } from './watcher.module';

bootOrExit(() => runService({ name: 'watcher', env: loadWatcherEnv(), module: WatcherModule }));
