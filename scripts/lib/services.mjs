import { readFileSync } from 'node:fs';
import path from 'node:path';

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

/**
 * The node flags an app asks for in its package.json (`mediaflow.nodeFlags`; docs/architecture.md,
 * "Node flags per app"). The Dockerfile and e2e/support/stack.ts read the same field.
 */
export function nodeFlagsOf(root, name) {
  const manifest = JSON.parse(readFileSync(path.join(root, 'apps', name, 'package.json'), 'utf8'));
  return manifest.mediaflow?.nodeFlags ?? [];
}
