import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { checkManifests } from './k8s.checker';
import type { K8sObject } from './manifest-schemas';
import { OVERLAYS, renderOverlay } from './render-overlay';

// The first run builds kustomize with Go (scripts/lib/kustomize.mjs), which takes minutes on a loaded machine.
jest.setTimeout(15 * 60_000);

let dev: K8sObject[];
beforeAll(() => {
  dev = renderOverlay('dev');
});

/** A fresh copy of the rendered dev overlay per test, so a broken variant does not leak into the next. */
const devManifests = (): K8sObject[] => structuredClone(dev);

function find<T = K8sObject>(objects: K8sObject[], kind: string, name: string): K8sObject & T {
  const object = objects.find((candidate) => candidate.kind === kind && candidate.metadata.name === name);
  if (!object) throw new Error(`${kind}/${name} is not rendered`);
  return object as K8sObject & T;
}

const deploymentOf = (objects: K8sObject[], app: string): IDeployment => find<IDeployment>(objects, 'Deployment', app);
const containerOf = (objects: K8sObject[], app: string): IContainer => deploymentOf(objects, app).spec!.template.spec!.containers[0]!;

describe(checkManifests.name, () => {
  it.each(OVERLAYS)('finds nothing wrong with the %s overlay', (overlay) => {
    expect(checkManifests(overlay === 'dev' ? devManifests() : renderOverlay(overlay))).toEqual([]);
  });

  it('reports a probe on another port than the app listens on', () => {
    const sut = devManifests();
    containerOf(sut, 'thumbnail-worker').readinessProbe!.httpGet!.port = 3005;
    expect(checkManifests(sut)).toEqual(['thumbnail-worker: readinessProbe probes port 3005, but the app listens on HTTP_PORT 3004']);
  });

  it('reports a container port that is not the port the app listens on', () => {
    const sut = devManifests();
    containerOf(sut, 'scheduler').ports![0]!.containerPort = 8080;
    expect(checkManifests(sut)).toEqual([
      'scheduler: no container port is 3001, the app\'s HTTP_PORT',
      'scheduler: readinessProbe probes port 8080, but the app listens on HTTP_PORT 3001',
      'scheduler: livenessProbe probes port 8080, but the app listens on HTTP_PORT 3001',
      'scheduler: startupProbe probes port 8080, but the app listens on HTTP_PORT 3001',
    ]);
  });

  it('reports an HTTP_PORT setting that moves the app away from its probes and scrape port', () => {
    const sut = devManifests();
    containerOf(sut, 'job-tracker').env!.push({ name: 'HTTP_PORT', value: '4000' });
    expect(checkManifests(sut)).toEqual(expect.arrayContaining([
      'job-tracker: readinessProbe probes port 3006, but the app listens on HTTP_PORT 4000',
      'job-tracker: prometheus.io/port is 3006, but /metrics is on HTTP_PORT 4000',
    ]));
  });

  it('reports a Deployment whose env lacks a variable its app requires', () => {
    const sut = devManifests();
    const container = containerOf(sut, 'watcher');
    container.env = container.env!.filter((variable) => variable.name !== 'MONGO_URL');
    expect(checkManifests(sut)).toEqual([expect.stringMatching(/^watcher: WatcherEnv rejects the environment: MONGO_URL \(not set\)/)]);
  });

  it('reports an env value the app would refuse to boot with', () => {
    const sut = devManifests();
    find<{ data: Record<string, string> }>(sut, 'Secret', 'mediaflow-secrets').data.AMQP_URL = Buffer.from('http://rabbitmq:5672').toString('base64');
    const problems = checkManifests(sut);
    expect(problems).toHaveLength(7);
    expect(problems[0]).toMatch(/^api-gateway: ApiGatewayEnv rejects the environment: AMQP_URL = "http:\/\/rabbitmq:5672"/);
  });

  it('reports a Secret key that a Deployment reads but the Secret does not hold', () => {
    const sut = devManifests();
    delete find<{ data: Record<string, string> }>(sut, 'Secret', 'mediaflow-secrets').data.API_KEYS;
    expect(checkManifests(sut)).toEqual(['api-gateway: API_KEYS: Secret mediaflow-secrets has no key API_KEYS']);
  });

  it('reports a variable the app does not read', () => {
    const sut = devManifests();
    containerOf(sut, 'cache-worker').env!.push({ name: 'THUMBNAIL_SIZE', value: '256' });
    expect(checkManifests(sut)).toEqual(['cache-worker: sets THUMBNAIL_SIZE, which CacheWorkerEnv does not read']);
  });

  it('reports a shared ConfigMap key that none of its readers reads', () => {
    const sut = devManifests();
    const configMap = sut.find((object) => object.kind === 'ConfigMap') as K8sObject & { data: Record<string, string> };
    configMap.data.LOG_LEVL = 'debug';
    expect(checkManifests(sut)).toEqual([`ConfigMap/${configMap.metadata.name}: LOG_LEVL is read by none of the apps that load it`]);
  });

  it('reports an app without a Deployment', () => {
    const sut = devManifests().filter((object) => !(object.kind === 'Deployment' && object.metadata.name === 'scan-worker'));
    expect(checkManifests(sut)).toEqual(expect.arrayContaining(['scan-worker: has no Deployment', 'ScaledObject/scan-worker: scales Deployment/scan-worker, which is not in the manifests']));
  });

  it('reports a container that may run as root or write its root filesystem', () => {
    const sut = devManifests();
    delete deploymentOf(sut, 'api-gateway').spec!.template.spec!.securityContext!.runAsNonRoot;
    containerOf(sut, 'api-gateway').securityContext!.readOnlyRootFilesystem = false;
    expect(checkManifests(sut)).toEqual([
      'api-gateway: must run as non-root (securityContext.runAsNonRoot: true)',
      'api-gateway: container needs securityContext.readOnlyRootFilesystem: true',
    ]);
  });

  it('reports a termination grace period shorter than the drain', () => {
    const sut = devManifests();
    deploymentOf(sut, 'cache-worker').spec!.template.spec!.terminationGracePeriodSeconds = 30;
    expect(checkManifests(sut)).toEqual(['cache-worker: terminationGracePeriodSeconds 30 does not exceed SHUTDOWN_TIMEOUT_MS (30 s)']);
  });

  it('reports a directory setting that is on no mounted volume', () => {
    const sut = devManifests();
    const container = containerOf(sut, 'thumbnail-worker');
    container.volumeMounts = container.volumeMounts!.filter((mount) => mount.mountPath !== '/derivatives');
    expect(checkManifests(sut)).toEqual(['thumbnail-worker: DERIVATIVES_DIR /derivatives is on no mounted volume (the root filesystem is read-only)']);
  });

  it('reports a writable mount of the read-only libraries', () => {
    const sut = devManifests();
    find<{ spec: { accessModes: string[] } }>(sut, 'PersistentVolumeClaim', 'mediaflow-libraries').spec.accessModes = ['ReadOnlyMany'];
    containerOf(sut, 'watcher').volumeMounts!.find((mount) => mount.mountPath === '/libraries')!.readOnly = false;
    expect(checkManifests(sut)).toEqual(['watcher: mounts mediaflow-libraries (ReadOnlyMany) without readOnly: true']);
  });

  it('reports a ScaledObject watching another queue than its worker consumes', () => {
    const sut = devManifests();
    find<{ spec: { triggers: Array<{ metadata: Record<string, string> }> } }>(sut, 'ScaledObject', 'cache-worker').spec.triggers[0]!.metadata.queueName = 'mediaflow.thumbnail-worker';
    expect(checkManifests(sut)).toEqual(['ScaledObject/cache-worker: watches queue mediaflow.thumbnail-worker, but cache-worker consumes mediaflow.cache-worker']);
  });

  it('reports a worker that no ScaledObject scales', () => {
    const sut = devManifests().filter((object) => !(object.kind === 'ScaledObject' && object.metadata.name === 'job-tracker'));
    expect(checkManifests(sut)).toEqual(['job-tracker: no ScaledObject scales it on its queue']);
  });

  it('reports an object that does not match its schema', () => {
    const sut = devManifests();
    (containerOf(sut, 'api-gateway').ports![0] as { containerPort: unknown }).containerPort = '3000';
    expect(checkManifests(sut)).toEqual(expect.arrayContaining([expect.stringMatching(/^Deployment\/api-gateway: .*containerPort must be integer/)]));
  });

  it('reports a kind it has no schema for instead of passing it', () => {
    const sut = [...devManifests(), { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'mediaflow' } }];
    expect(checkManifests(sut)).toEqual(['ServiceMonitor/mediaflow: no schema for monitoring.coreos.com/v1 ServiceMonitor; add its model to manifest-schemas.ts']);
  });
});
