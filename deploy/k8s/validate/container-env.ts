import type { IContainer } from 'kubernetes-models/v1/Container';
import type { ManifestIndex } from './manifest-index';

export interface ContainerEnv {
  /** What the container's process sees in its environment, where the manifests tell. */
  values: Record<string, string>;
  /** Set, but from a Secret that exists only in the cluster (or a field ref): value unknown here. */
  unseen: Set<string>;
  /** Names set one by one under `env` (not through envFrom). */
  explicit: string[];
  /** ConfigMaps loaded whole through envFrom. */
  configMapsLoaded: string[];
  problems: string[];
}

/** Resolves a container's env and envFrom against the rendered ConfigMaps and Secrets, as the kubelet would. */
export function resolveContainerEnv(container: IContainer, index: ManifestIndex): ContainerEnv {
  const result: ContainerEnv = { values: {}, unseen: new Set(), explicit: [], configMapsLoaded: [], problems: [] };
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const data = index.dataOf('ConfigMap', source.configMapRef.name);
      if (data) result.configMapsLoaded.push(source.configMapRef.name!);
      else if (!source.configMapRef.optional) result.problems.push(`envFrom ConfigMap ${source.configMapRef.name} is not in the manifests`);
      Object.assign(result.values, prefixed(data ?? {}, source.prefix));
    }
    if (source.secretRef) {
      const data = index.dataOf('Secret', source.secretRef.name);
      if (!data) result.problems.push(`envFrom Secret ${source.secretRef.name} is not in the manifests, so its keys cannot be checked; use env[].valueFrom.secretKeyRef`);
      Object.assign(result.values, prefixed(data ?? {}, source.prefix));
    }
  }
  for (const variable of container.env ?? []) {
    result.explicit.push(variable.name);
    result.unseen.delete(variable.name);
    delete result.values[variable.name];
    const from = variable.valueFrom;
    if (!from) {
      result.values[variable.name] = variable.value ?? '';
    } else if (from.configMapKeyRef ?? from.secretKeyRef) {
      const ref = (from.configMapKeyRef ?? from.secretKeyRef)!;
      const kind = from.configMapKeyRef ? 'ConfigMap' : 'Secret';
      const data = index.dataOf(kind, ref.name);
      if (data && ref.key in data) result.values[variable.name] = data[ref.key]!;
      else if (data && !ref.optional) result.problems.push(`${variable.name}: ${kind} ${ref.name} has no key ${ref.key}`);
      else if (kind === 'Secret' && !data) result.unseen.add(variable.name);
      else if (!ref.optional) result.problems.push(`${variable.name}: ${kind} ${ref.name} is not in the manifests`);
    } else {
      result.unseen.add(variable.name);
    }
  }
  return result;
}

function prefixed(data: Record<string, string>, prefix = ''): Record<string, string> {
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [`${prefix}${key}`, value]));
}
