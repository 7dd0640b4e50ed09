import { bootOrExit, runService } from '@mediaflow/service-kit';
import { loadSchedulerEnv } from './config/scheduler.env';
import { SchedulerModule } from './scheduler.module';

bootOrExit(() => runService({ name: 'scheduler', env: loadSchedulerEnv(), module: SchedulerModule }));
