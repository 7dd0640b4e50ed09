export * from './metric-bucket.schema';
export * from './metric-history.repository';
export * from './time-buckets';
export * from './throughput-recorder';
