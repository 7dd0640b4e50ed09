import { ServiceEnv, validateEnv } from '@mediaflow/config';
import { IsInt, Max, Min } from 'class-validator';

/** Environment of the scan-worker service (see README, Configuration). */
export class ScanWorkerEnv extends ServiceEnv {
  /** Port of the HTTP server: /health and /metrics (and, on the gateway, the API). */
  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT: number = 3003;
}

export function loadScanWorkerEnv(env: NodeJS.ProcessEnv = process.env): ScanWorkerEnv {
  return validateEnv(ScanWorkerEnv, env);
}
