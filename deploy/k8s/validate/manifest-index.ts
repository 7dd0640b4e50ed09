import type { K8sObject } from './manifest-schemas';

/** The rendered objects, looked up by kind and name. */
export class ManifestIndex {
  constructor(readonly objects: readonly K8sObject[]) {}

  ofKind<T = K8sObject>(kind: string): Array<K8sObject & T> {
    return this.objects.filter((object) => object.kind === kind) as Array<K8sObject & T>;
  }

  find<T = K8sObject>(kind: string, name: string | undefined): (K8sObject & T) | undefined {
    return this.ofKind<T>(kind).find((object) => object.metadata.name === name);
  }

  /** The key/value pairs of a rendered ConfigMap or Secret (Secret data decoded), or undefined if it is not rendered. */
  dataOf(kind: 'ConfigMap' | 'Secret', name: string | undefined): Record<string, string> | undefined {
    const object = this.find<{ data?: Record<string, string>; stringData?: Record<string, string> }>(kind, name);
    if (!object) return undefined;
    const data = Object.entries(object.data ?? {}).map(([key, value]) => [key, kind === 'Secret' ? Buffer.from(value, 'base64').toString('utf8') : value]);
    return { ...Object.fromEntries(data), ...object.stringData };
  }
}
