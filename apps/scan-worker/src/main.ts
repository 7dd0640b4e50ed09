import { bootOrExit, runService } from '@mediaflow/service-kit';
import { loadScanWorkerEnv } from './config/scan-worker.env';
import { ScanWorkerModule } from './scan-worker.module';

bootOrExit(() => runService({ name: 'scan-worker', env: loadScanWorkerEnv(), module: ScanWorkerModule }));
