import { bootOrExit, runService } from '@mediaflow/service-kit';
import { loadApiGatewayEnv } from './config/api-gateway.env';
import { ApiGatewayModule } from './api-gateway.module';
import { setUpOpenApi } from './openapi';

// The /api/v1 prefix, validation pipe and error filter live in the module (see ApiGatewayModule,
// ApiExceptionFilter) so tests booting the module get them too; only the docs need the app itself.
bootOrExit(() =>
  runService({
    name: 'api-gateway',
    env: loadApiGatewayEnv(),
    module: ApiGatewayModule,
    configure: (app) => {
      setUpOpenApi(app);
    },
  }),
);
