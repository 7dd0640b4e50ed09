import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, PersistentVolumeClaim, Secret, Service } from 'kubernetes-models/v1';

/** What kustomize renders: one Kubernetes object, read as plain data. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

type Validatable = new (data: never) => { validate(): void };

/**
 * The kinds the manifests may contain, each with its published schema. Anything else is reported, not
 * passed: a typo in apiVersion or a kind nobody validates would otherwise slip through.
 */
const SCHEMAS: Record<string, Validatable> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'networking.k8s.io/v1/Ingress': Ingress,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
  'keda.sh/v1alpha1/TriggerAuthentication': TriggerAuthentication,
};

export function labelOf(object: Pick<K8sObject, 'kind' | 'metadata'>): string {
  return `${object.kind}/${object.metadata?.name ?? '<no name>'}`;
}

/** Why the object does not match its kind's schema; [] when it does. */
export function schemaProblems(object: K8sObject): string[] {
  const Model = SCHEMAS[`${object.apiVersion}/${object.kind}`];
  if (!Model) return [`${labelOf(object)}: no schema for ${object.apiVersion} ${object.kind}; add its model to manifest-schemas.ts`];
  try {
    new Model(object as never).validate();
    return [];
  } catch (error) {
    return [`${labelOf(object)}: ${error instanceof Error ? error.message : String(error)}`];
  }
}
