import { Module } from '@nestjs/common';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { ApiKeyRegistry } from '../auth/api-key.registry';
import { SchedulesController } from './schedules.controller';
import { SchedulesService } from './schedules.service';

/**
 * The schedule API: CRUD /schedules, pause|resume|enable|disable, run-now, preview, runs.
 *
 * README — wiring: this module must be imported into ApiGatewayModule and mounted under /api/v1
 * (add it to the RouterModule registration next to HttpApiModule, e.g.
 * `RouterModule.register([{ path: API_PREFIX, module: HttpApiModule }, { path: API_PREFIX, module: SchedulesModule }])`).
 * Its controller uses the gateway's ApiController decorator (API-key guard + API error body), so it
 * provides its own ApiKeyRegistry/ApiKeyGuard instances (the guard resolves in this module's injector).
 * Validation relies on the gateway's global ValidationPipe (APP_PIPE, registered by HttpApiModule).
 * Errors are Nest's BadRequestException / NotFoundException / ConflictException with readable messages.
 * Models and EventPublisher come from the service kit's global persistence and messaging modules.
 */
@Module({
  controllers: [SchedulesController],
  providers: [SchedulesService, ApiKeyRegistry, ApiKeyGuard],
})
export class SchedulesModule {}
