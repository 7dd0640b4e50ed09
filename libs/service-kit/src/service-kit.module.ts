import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import type { ServiceEnv } from '@mediaflow/config';
import { MessagingModule } from '@mediaflow/messaging';
import { loggerOptions } from '@mediaflow/observability';
import { PersistenceModule } from '@mediaflow/persistence';
import { LoggerModule } from 'nestjs-pino';
import { BrokerHealthIndicator } from './health/broker.health';
import { HealthController } from './health/health.controller';

export const SERVICE_NAME = Symbol('SERVICE_NAME');

/**
 * How often prom-client samples the event loop's delay (`nodejs_eventloop_lag_*`). Its default of 10 ms
 * wakes every process 100 times a second: about 0.8 % of a core per idle service, measured, so 6 % for a
 * stack of seven. At 50 ms it costs about 0.15 %, and a scrape every 15 s still sums 300 samples.
 */
export const EVENT_LOOP_SAMPLE_MS = 50;

/**
 * What every service has: its validated env (injectable by its class), JSON logs, the broker, the store,
 * /health and /metrics. The consumer group is the service name, so replicas share one queue.
 */
@Module({})
export class ServiceKitModule {
  static forRoot(service: string, env: ServiceEnv): DynamicModule {
    const envProvider = { provide: env.constructor, useValue: env };
    return {
      module: ServiceKitModule,
      global: true,
      imports: [
        LoggerModule.forRoot(loggerOptions({ service, level: env.LOG_LEVEL, pretty: env.LOG_PRETTY })),
        MessagingModule.forRootAsync({
          useFactory: () => ({
            url: env.AMQP_URL,
            exchange: env.AMQP_EXCHANGE,
            consumerGroup: service,
            prefetch: env.AMQP_PREFETCH,
            maxAttempts: env.MESSAGE_MAX_ATTEMPTS,
            retryDelaysMs: env.MESSAGE_RETRY_DELAYS_MS,
            publishTimeoutMs: env.PUBLISH_TIMEOUT_MS,
            shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
          }),
        }),
        PersistenceModule.forRootAsync({ useFactory: () => ({ url: env.MONGO_URL, dbName: env.MONGO_DB, maxPoolSize: env.MONGO_MAX_POOL_SIZE }) }),
        PrometheusModule.register({
          path: '/metrics',
          defaultLabels: { service },
          defaultMetrics: { enabled: true, config: { eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS } },
        }),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
      ],
      controllers: [HealthController],
      providers: [envProvider, { provide: SERVICE_NAME, useValue: service }, BrokerHealthIndicator],
      exports: [envProvider, SERVICE_NAME],
    };
  }
}
