import { APP_ENV_CLASSES } from '../../shared/app-env-classes';
import { inspectApp, type AppView } from './app-deployment.checks';
import { ManifestIndex } from './manifest-index';
import { schemaProblems, type K8sObject } from './manifest-schemas';
import { checkScaling } from './scaling.checks';
import { checkWiring } from './wiring.checks';

/**
 * What would keep the rendered manifests from running Mediaflow as its apps expect; [] when nothing.
 * Every object against its Kubernetes or KEDA schema, then every app against its env class: it has a
 * Deployment whose env passes the class's validation, probes and metrics on the port it really listens
 * on, non-root and read-only, a drain period longer than its shutdown timeout; then scaling and wiring.
 */
export function checkManifests(objects: readonly K8sObject[]): string[] {
  const index = new ManifestIndex(objects);
  const problems = objects.flatMap(schemaProblems);
  const views = new Map<string, AppView>();
  for (const [app, EnvClass] of Object.entries(APP_ENV_CLASSES)) {
    const inspected = inspectApp(app, EnvClass, index);
    if (inspected.view) views.set(app, inspected.view);
    problems.push(...inspected.problems.map((problem) => `${app}: ${problem}`));
  }
  return [...problems, ...checkScaling(views, index), ...checkWiring(views, index)];
}
