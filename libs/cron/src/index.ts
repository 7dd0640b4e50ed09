export * from './cron-expression';
