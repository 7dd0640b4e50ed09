import { Module } from '@nestjs/common';

/** The api-gateway's own handlers and use cases; the service kit adds broker, store, health and metrics. */
@Module({})
export class ApiGatewayModule {}
