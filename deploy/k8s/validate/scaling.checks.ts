import type { ITriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication';
import type { IScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { QueueNames } from '@mediaflow/messaging';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { AppView } from './app-deployment.checks';
import type { ManifestIndex } from './manifest-index';

/** Workers whose load is their queue: KEDA scales them on its length. */
export const QUEUE_SCALED_APPS = ['scan-worker', 'thumbnail-worker', 'cache-worker', 'job-tracker'];
/** Serves HTTP: scaled on CPU. */
export const CPU_SCALED_APPS = ['api-gateway'];

/** ScaledObjects, HPAs and PDBs against the apps they are for; problems are prefixed with the object they concern. */
export function checkScaling(views: ReadonlyMap<string, AppView>, index: ManifestIndex): string[] {
  const scaledObjects = index.ofKind<IScaledObject>('ScaledObject');
  const autoscalers = index.ofKind<IHorizontalPodAutoscaler>('HorizontalPodAutoscaler');
  const problems = [
    ...scaledObjects.flatMap((scaledObject) => checkScaledObject(scaledObject, views, index).map((problem) => `ScaledObject/${scaledObject.metadata.name}: ${problem}`)),
    ...autoscalers.flatMap((autoscaler) => checkAutoscaler(autoscaler, index, scaledObjects).map((problem) => `HorizontalPodAutoscaler/${autoscaler.metadata.name}: ${problem}`)),
    ...checkDisruptionBudgets(views, index),
  ];
  for (const app of QUEUE_SCALED_APPS) {
    if (!scaledObjects.some((scaledObject) => scaledObject.spec.scaleTargetRef.name === app)) problems.push(`${app}: no ScaledObject scales it on its queue`);
  }
  for (const app of CPU_SCALED_APPS) {
    if (!autoscalers.some((autoscaler) => autoscaler.spec?.scaleTargetRef.name === app)) problems.push(`${app}: no HorizontalPodAutoscaler scales it`);
  }
  return problems;
}

function checkScaledObject(scaledObject: IScaledObject, views: ReadonlyMap<string, AppView>, index: ManifestIndex): string[] {
  const { scaleTargetRef, triggers, minReplicaCount = 0, maxReplicaCount = 100 } = scaledObject.spec;
  if ((scaleTargetRef.kind ?? 'Deployment') !== 'Deployment' || !index.find('Deployment', scaleTargetRef.name)) {
    return [`scales ${scaleTargetRef.kind ?? 'Deployment'}/${scaleTargetRef.name}, which is not in the manifests`];
  }
  const problems = minReplicaCount > maxReplicaCount ? [`minReplicaCount ${minReplicaCount} exceeds maxReplicaCount ${maxReplicaCount}`] : [];
  const view = views.get(scaleTargetRef.name);
  for (const trigger of triggers) {
    if (trigger.type !== 'rabbitmq') continue;
    const queue = view && new QueueNames({ exchange: view.config.AMQP_EXCHANGE, consumerGroup: view.app }).main;
    if (queue && trigger.metadata.queueName !== queue) problems.push(`watches queue ${trigger.metadata.queueName}, but ${view.app} consumes ${queue}`);
    if (trigger.metadata.mode !== 'QueueLength') problems.push('rabbitmq trigger must use mode QueueLength (messages waiting per replica)');
    problems.push(...checkTriggerAuthentication(trigger.authenticationRef?.name, index));
  }
  return problems;
}

/** The broker URL reaches KEDA as parameter "host" from a Secret key. */
function checkTriggerAuthentication(name: string | undefined, index: ManifestIndex): string[] {
  const authentication = index.find<ITriggerAuthentication>('TriggerAuthentication', name);
  if (!authentication) return [`rabbitmq trigger authenticates with TriggerAuthentication ${name ?? '(none)'}, which is not in the manifests`];
  const refs = authentication.spec.secretTargetRef ?? [];
  const problems = refs.some((ref) => ref.parameter === 'host') ? [] : [`TriggerAuthentication ${name} gives no "host" parameter (the AMQP URL)`];
  for (const ref of refs) {
    const data = index.dataOf('Secret', ref.name);
    if (data && !(ref.key in data)) problems.push(`TriggerAuthentication ${name}: Secret ${ref.name} has no key ${ref.key}`);
  }
  return problems;
}

function checkAutoscaler(autoscaler: IHorizontalPodAutoscaler, index: ManifestIndex, scaledObjects: IScaledObject[]): string[] {
  const target = autoscaler.spec?.scaleTargetRef;
  if (!target || target.kind !== 'Deployment' || !index.find('Deployment', target.name)) return [`scales ${target?.kind}/${target?.name}, which is not in the manifests`];
  const problems = (autoscaler.spec?.minReplicas ?? 1) > (autoscaler.spec?.maxReplicas ?? 0) ? ['minReplicas exceeds maxReplicas'] : [];
  // KEDA drives a ScaledObject's target through an HPA of its own; two autoscalers on one Deployment fight.
  if (scaledObjects.some((scaledObject) => scaledObject.spec.scaleTargetRef.name === target.name)) problems.push(`Deployment/${target.name} is also scaled by a ScaledObject`);
  return problems;
}

function checkDisruptionBudgets(views: ReadonlyMap<string, AppView>, index: ManifestIndex): string[] {
  const budgets = index.ofKind<IPodDisruptionBudget>('PodDisruptionBudget');
  const covers = (budget: IPodDisruptionBudget, view: AppView): boolean => {
    const wanted = Object.entries(budget.spec?.selector?.matchLabels ?? {});
    const labels = view.deployment.spec?.template.metadata?.labels ?? {};
    return wanted.length > 0 && wanted.every(([key, value]) => labels[key] === value);
  };
  const problems = budgets
    .filter((budget) => ![...views.values()].some((view) => covers(budget, view)))
    .map((budget) => `PodDisruptionBudget/${budget.metadata?.name}: its selector matches no app's pods`);
  for (const view of views.values()) {
    if (!budgets.some((budget) => covers(budget, view))) problems.push(`${view.app}: no PodDisruptionBudget covers its pods`);
  }
  return problems;
}
