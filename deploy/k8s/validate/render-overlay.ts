import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { K8sObject } from './manifest-schemas';

const ROOT = path.resolve(__dirname, '../../..');
export const OVERLAYS = ['dev', 'prod'] as const;

/** `kustomize build deploy/k8s/overlays/<overlay>`, parsed; builds kustomize first when it is missing (minutes). */
export function renderOverlay(overlay: (typeof OVERLAYS)[number]): K8sObject[] {
  const yaml = execFileSync(process.execPath, [path.join(ROOT, 'scripts/lib/kustomize.mjs'), 'build', path.join(ROOT, 'deploy/k8s/overlays', overlay)], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  return parseAllDocuments(yaml).map((document) => document.toJS() as K8sObject).filter(Boolean);
}
