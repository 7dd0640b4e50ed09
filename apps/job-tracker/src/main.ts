import { bootOrExit, runService } from '@mediaflow/service-kit';
import { loadJobTrackerEnv } from './config/job-tracker.env';
import { JobTrackerModule } from './job-tracker.module';

bootOrExit(() => runService({ name: 'job-tracker', env: loadJobTrackerEnv(), module: JobTrackerModule }));
