import { ServiceEnv, validateEnv } from '@mediaflow/config';
import { IsInt, Max, Min } from 'class-validator';

/** Environment of the api-gateway service (see README, Configuration). */
export class ApiGatewayEnv extends ServiceEnv {
  /** Port of the HTTP server: /health and /metrics (and, on the gateway, the API). */
  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT: number = 3000;
}

export function loadApiGatewayEnv(env: NodeJS.ProcessEnv = process.env): ApiGatewayEnv {
  return validateEnv(ApiGatewayEnv, env);
}
