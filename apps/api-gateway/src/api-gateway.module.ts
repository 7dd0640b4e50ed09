import { Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { API_PREFIX } from './api-prefix';
import { DashboardModule } from './dashboard/dashboard.module';
import { FallbackModule } from './http/fallback.module';
import { HttpApiModule } from './http-api.module';
import { LiveModule } from './live/live.module';
import { SchedulesModule } from './schedules/schedules.module';
import { SystemModule } from './system/system.module';

/** The modules mounted under /api/v1 (and documented in OpenAPI), in route-matching order. */
export const API_MODULES = [LiveModule, HttpApiModule, SchedulesModule, SystemModule, FallbackModule];

/**
 * The api-gateway's own module; the service kit adds broker, store, health and metrics.
 * The /api/v1 prefix is a RouterModule path on the API modules rather than app.setGlobalPrefix, so
 * /health and /metrics stay where every service has them and tests that boot this module (without
 * main.ts's configure step) see the same routes as production. FallbackModule stays last of the API;
 * DashboardModule (the web app at /) comes after everything.
 */
@Module({
  imports: [...API_MODULES, RouterModule.register(API_MODULES.map((module) => ({ path: API_PREFIX, module }))), DashboardModule],
})
export class ApiGatewayModule {}
