export * from './broker-admin';
export * from './config/test-env';
export * from './eventually';
export * from './unique-name';
export * from './store-admin';
export * from './service-harness';
export * from './message-capture';
