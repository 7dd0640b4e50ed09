import { Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { API_PREFIX } from './api-prefix';
import { FallbackModule } from './http/fallback.module';
import { HttpApiModule } from './http-api.module';
import { SchedulesModule } from './schedules/schedules.module';

/** The modules mounted under /api/v1 (and documented in OpenAPI). */
export const API_MODULES = [HttpApiModule, SchedulesModule, FallbackModule];

/**
 * The api-gateway's own module; the service kit adds broker, store, health and metrics.
 * The /api/v1 prefix is a RouterModule path on the API modules rather than app.setGlobalPrefix, so
 * /health and /metrics stay where every service has them and tests that boot this module (without
 * main.ts's configure step) see the same routes as production. FallbackModule stays last.
 */
@Module({
  imports: [...API_MODULES, RouterModule.register(API_MODULES.map((module) => ({ path: API_PREFIX, module })))],
})
export class ApiGatewayModule {}
