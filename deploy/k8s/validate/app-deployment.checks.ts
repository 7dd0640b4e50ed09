import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { AppEnvClass } from '../../shared/app-env-classes';
import { checkEnv, envVarsRead, unknownVars } from '../../shared/env-class';
import { resolveContainerEnv, type ContainerEnv } from './container-env';
import type { ManifestIndex } from './manifest-index';

/** One app as the manifests run it: its Deployment, the container running its image, and the config it would boot with. */
export interface AppView {
  app: string;
  deployment: IDeployment;
  container: IContainer;
  env: ContainerEnv;
  config: InstanceType<AppEnvClass>;
}

/** Config values that are directories the app reads or writes: they must be on a mounted volume, the root filesystem is read-only. */
const DIRECTORY_VARS = ['DERIVATIVES_DIR', 'LIBRARY_ROOTS'];

/** Finds the app's Deployment and checks it runs the app as the app expects; view is undefined when there is nothing to look at. */
export function inspectApp(app: string, EnvClass: AppEnvClass, index: ManifestIndex): { view?: AppView; problems: string[] } {
  const deployment = index.find<IDeployment>('Deployment', app);
  if (!deployment) return { problems: ['has no Deployment'] };
  const containers = deployment.spec?.template.spec?.containers ?? [];
  const container = containers.find((candidate) => imageRepository(candidate.image) === app);
  if (!container) return { problems: [`no container of Deployment/${app} runs an image named ${app} (one image per app; see the Dockerfile)`] };

  const env = resolveContainerEnv(container, index);
  const checked = checkEnv(EnvClass, env.values, env.unseen);
  const problems = [...env.problems, ...unknownVars(env.explicit, EnvClass)];
  if (checked.problems.length > 0) problems.push(`${EnvClass.name} rejects the environment: ${checked.problems.join('; ')}`);
  const view: AppView = { app, deployment, container, env, config: checked.config };
  problems.push(...checkPort(view), ...checkProbes(view), ...checkMetricsScraping(view), ...checkSecurity(view), ...checkShutdown(view));
  problems.push(...checkResources(container), ...checkDirectories(view, envVarsRead(EnvClass)));
  return { view, problems };
}

/** "registry.example.com/mediaflow/scan-worker:0.1.0" -> "scan-worker". */
function imageRepository(image = ''): string {
  const withoutDigest = image.split('@')[0]!;
  const lastPart = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  return lastPart.split(':')[0]!;
}

function checkPort({ container, config }: AppView): string[] {
  const ports = container.ports ?? [];
  return ports.some((port) => port.containerPort === config.HTTP_PORT) ? [] : [`no container port is ${config.HTTP_PORT}, the app's HTTP_PORT`];
}

function checkProbes({ container, config }: AppView): string[] {
  const expected: Array<[string, IProbe | undefined, string | undefined]> = [
    ['readinessProbe', container.readinessProbe, '/health'],
    ['livenessProbe', container.livenessProbe, '/health/live'],
    ['startupProbe', container.startupProbe, undefined],
  ];
  const problems: string[] = [];
  for (const [name, probe, path] of expected) {
    if (!probe) {
      if (path) problems.push(`has no ${name} (GET ${path})`);
      continue;
    }
    const httpGet = probe.httpGet;
    if (!httpGet) {
      problems.push(`${name} must be an httpGet on ${path ?? '/health/live'}`);
      continue;
    }
    if (path && httpGet.path !== path) problems.push(`${name} gets ${httpGet.path}, not ${path}`);
    const port = resolvePort(container, httpGet.port);
    if (port !== config.HTTP_PORT) problems.push(`${name} probes port ${port ?? httpGet.port}, but the app listens on HTTP_PORT ${config.HTTP_PORT}`);
  }
  return problems;
}

/** A port as a number, or the containerPort of the named port; undefined when the name is not declared. */
export function resolvePort(container: IContainer, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports?.find((candidate) => candidate.name === port)?.containerPort;
}

function checkMetricsScraping({ deployment, config }: AppView): string[] {
  const annotations = deployment.spec?.template.metadata?.annotations ?? {};
  const problems: string[] = [];
  if (annotations['prometheus.io/scrape'] !== 'true') problems.push('pods lack the annotation prometheus.io/scrape: "true"');
  if (annotations['prometheus.io/port'] !== String(config.HTTP_PORT)) {
    problems.push(`prometheus.io/port is ${annotations['prometheus.io/port'] ?? 'not set'}, but /metrics is on HTTP_PORT ${config.HTTP_PORT}`);
  }
  if ((annotations['prometheus.io/path'] ?? '/metrics') !== '/metrics') problems.push('prometheus.io/path must be /metrics');
  return problems;
}

function checkSecurity({ deployment, container }: AppView): string[] {
  const pod = deployment.spec?.template.spec?.securityContext;
  const own = container.securityContext;
  const problems: string[] = [];
  if ((own?.runAsNonRoot ?? pod?.runAsNonRoot) !== true) problems.push('must run as non-root (securityContext.runAsNonRoot: true)');
  if ((own?.runAsUser ?? pod?.runAsUser) === 0) problems.push('runs as user 0');
  if (own?.readOnlyRootFilesystem !== true) problems.push('container needs securityContext.readOnlyRootFilesystem: true');
  if (own?.allowPrivilegeEscalation !== false) problems.push('container needs securityContext.allowPrivilegeEscalation: false');
  return problems;
}

/** SIGTERM starts a drain of SHUTDOWN_TIMEOUT_MS; the kubelet must not SIGKILL before it ends. */
function checkShutdown({ deployment, config }: AppView): string[] {
  const grace = deployment.spec?.template.spec?.terminationGracePeriodSeconds;
  const drainSeconds = config.SHUTDOWN_TIMEOUT_MS / 1000;
  if (grace === undefined) return [`terminationGracePeriodSeconds is not set; it must exceed SHUTDOWN_TIMEOUT_MS (${drainSeconds} s)`];
  return grace > drainSeconds ? [] : [`terminationGracePeriodSeconds ${grace} does not exceed SHUTDOWN_TIMEOUT_MS (${drainSeconds} s)`];
}

function checkResources(container: IContainer): string[] {
  const { requests = {}, limits = {} } = container.resources ?? {};
  const missing = [['requests', 'cpu', requests], ['requests', 'memory', requests], ['limits', 'memory', limits]] as const;
  return missing.filter(([, resource, values]) => values[resource] === undefined).map(([kind, resource]) => `container sets no resources.${kind}.${resource}`);
}

function checkDirectories({ container, config }: AppView, read: Set<string>): string[] {
  const mounts = (container.volumeMounts ?? []).map((mount) => mount.mountPath.replace(/\/+$/, ''));
  const configValues = config as unknown as Record<string, unknown>;
  return DIRECTORY_VARS.filter((name) => read.has(name)).flatMap((name) =>
    [configValues[name]]
      .flat()
      .map(String)
      .filter((directory) => !mounts.some((mount) => directory === mount || directory.startsWith(`${mount}/`)))
      .map((directory) => `${name} ${directory} is on no mounted volume (the root filesystem is read-only)`),
  );
}
