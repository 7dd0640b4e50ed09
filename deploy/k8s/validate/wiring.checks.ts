import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IService } from 'kubernetes-models/v1/Service';
import { APP_ENV_CLASSES } from '../../shared/app-env-classes';
import { envVarsRead, RUNTIME_VARS } from '../../shared/env-class';
import { resolvePort, type AppView } from './app-deployment.checks';
import type { ManifestIndex } from './manifest-index';

/** How the apps connect to Services, the Ingress, volumes and shared ConfigMaps. */
export function checkWiring(views: ReadonlyMap<string, AppView>, index: ManifestIndex): string[] {
  return [...checkServices(views, index), ...checkIngresses(index), ...checkVolumes(views, index), ...checkSharedConfig(views, index)];
}

/** A Service that selects an app's pods must send traffic to its HTTP port. */
function checkServices(views: ReadonlyMap<string, AppView>, index: ManifestIndex): string[] {
  return index.ofKind<IService>('Service').flatMap((service) => {
    const selector = Object.entries(service.spec?.selector ?? {});
    const view = [...views.values()].find((candidate) => {
      const labels = candidate.deployment.spec?.template.metadata?.labels ?? {};
      return selector.length > 0 && selector.every(([key, value]) => labels[key] === value);
    });
    if (!view) return [];
    return (service.spec?.ports ?? [])
      .filter((port) => resolvePort(view.container, port.targetPort ?? port.port) !== view.config.HTTP_PORT)
      .map((port) => `Service/${service.metadata?.name}: port ${port.name ?? port.port} targets ${port.targetPort}, but ${view.app} listens on ${view.config.HTTP_PORT}`);
  });
}

function checkIngresses(index: ManifestIndex): string[] {
  return index.ofKind<IIngress>('Ingress').flatMap((ingress) =>
    (ingress.spec?.rules ?? [])
      .flatMap((rule) => rule.http?.paths ?? [])
      .flatMap(({ backend }) => {
        const target = backend.service;
        const service = index.find<IService>('Service', target?.name);
        const known = service?.spec?.ports?.some((port) => port.name === target?.port?.name || port.port === target?.port?.number);
        return known ? [] : [`Ingress/${ingress.metadata?.name}: routes to ${target?.name}:${target?.port?.name ?? target?.port?.number}, which no Service offers`];
      }),
  );
}

/** Claims exist; a claim that is ReadOnlyMany (the libraries: Mediaflow never writes them) is mounted read-only. */
function checkVolumes(views: ReadonlyMap<string, AppView>, index: ManifestIndex): string[] {
  const problems: string[] = [];
  for (const { app, deployment, container } of views.values()) {
    for (const volume of deployment.spec?.template.spec?.volumes ?? []) {
      const claimName = volume.persistentVolumeClaim?.claimName;
      if (!claimName) continue;
      const claim = index.find<IPersistentVolumeClaim>('PersistentVolumeClaim', claimName);
      if (!claim) {
        problems.push(`${app}: volume ${volume.name} claims ${claimName}, which is not in the manifests`);
        continue;
      }
      const readOnlyClaim = claim.spec?.accessModes?.every((mode) => mode === 'ReadOnlyMany');
      const writableMount = container.volumeMounts?.some((mount) => mount.name === volume.name && !mount.readOnly);
      if (readOnlyClaim && writableMount) problems.push(`${app}: mounts ${claimName} (ReadOnlyMany) without readOnly: true`);
    }
  }
  return problems;
}

/** A ConfigMap the apps load whole may carry keys for several apps, but each key must be read by one of them (a typo is not). */
function checkSharedConfig(views: ReadonlyMap<string, AppView>, index: ManifestIndex): string[] {
  const readers = new Map<string, Set<string>>();
  for (const view of views.values()) {
    const read = envVarsRead(APP_ENV_CLASSES[view.app as keyof typeof APP_ENV_CLASSES]);
    for (const name of view.env.configMapsLoaded) readers.set(name, new Set([...(readers.get(name) ?? []), ...read]));
  }
  return [...readers].flatMap(([name, read]) =>
    Object.keys(index.dataOf('ConfigMap', name) ?? {})
      .filter((key) => !read.has(key) && !RUNTIME_VARS.has(key))
      .map((key) => `ConfigMap/${name}: ${key} is read by none of the apps that load it`),
  );
}
