import { bootOrExit, runService } from '@mediaflow/service-kit';
import { loadApiGatewayEnv } from './config/api-gateway.env';
import { ApiGatewayModule } from './api-gateway.module';

bootOrExit(() => runService({ name: 'api-gateway', env: loadApiGatewayEnv(), module: ApiGatewayModule }));
