import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, MongooseHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { BrokerHealthIndicator } from './broker.health';

/**
 * GET /health is readiness (broker and store reachable: take traffic); GET /health/live is liveness
 * (the process answers: do not restart it).
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly store: MongooseHealthIndicator,
    private readonly broker: BrokerHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.broker.check('broker'),
      () => this.store.pingCheck('store', { timeout: 2_000 }),
    ]);
  }

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
