/** The seven services, their default ports and log colours; the first is the public gateway. */
export const SERVICES = [
  { name: 'api-gateway', port: 3000, color: 'cyan' },
  { name: 'scheduler', port: 3001, color: 'magenta' },
  { name: 'watcher', port: 3002, color: 'yellow' },
  { name: 'scan-worker', port: 3003, color: 'green' },
  { name: 'thumbnail-worker', port: 3004, color: 'blue' },
  { name: 'cache-worker', port: 3005, color: 'white' },
  { name: 'job-tracker', port: 3006, color: 'red' },
];
