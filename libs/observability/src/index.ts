export * from './log-context';
export * from './logger.options';
export * from './job-item.metrics';
export * from './scan-files.metrics';
