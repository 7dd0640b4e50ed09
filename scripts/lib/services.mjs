/** The seven services and their log colours; the first is the public gateway. */
const SERVICE_NAMES = [
  { name: 'api-gateway', color: 'cyan' },
  { name: 'scheduler', color: 'magenta' },
  { name: 'watcher', color: 'yellow' },
  { name: 'scan-worker', color: 'green' },
  { name: 'thumbnail-worker', color: 'blue' },
  { name: 'cache-worker', color: 'white' },
  { name: 'job-tracker', color: 'red' },
];

/** The default HTTP port of the gateway; the others follow it (3000-3006). */
export const DEFAULT_PORT_BASE = 3000;

/** The services with their HTTP ports: consecutive from `portBase` (MEDIAFLOW_HTTP_PORT_BASE). */
export function servicesOnPorts(portBase = DEFAULT_PORT_BASE) {
  return SERVICE_NAMES.map((service, index) => ({ ...service, port: portBase + index }));
}
