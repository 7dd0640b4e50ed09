export * from './health/broker.health';
export * from './run-service';
export * from './service-kit.module';
