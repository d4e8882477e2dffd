/**
 * Where each add-on's controller usually runs, so the overview can say "KEDA installed, operator
 * ready" or "CRDs installed but no operator found" (a common half-install).
 */
import type { KubeObject } from './k8s/object';
import type { Component } from './k8s/resources';
import { Workload } from './k8s/workload';

interface ControllerPattern {
  /** Deployment names the upstream install manifests and Helm charts use. */
  names: string[];
  /** `app.kubernetes.io/name` / `app` label values of the same. */
  labels: string[];
}

export const CONTROLLER_PATTERNS: Record<Component, ControllerPattern> = {
  keda: { names: ['keda-operator'], labels: ['keda-operator'] },
  flagger: { names: ['flagger'], labels: ['flagger'] },
  vpa: { names: ['vpa-recommender'], labels: ['vpa-recommender'] },
  cronhpa: { names: ['kubernetes-cronhpa-controller'], labels: ['kubernetes-cronhpa-controller'] },
};

export interface ControllerStatus {
  namespace: string;
  name: string;
  desired: number;
  ready: number;
  /** Image tag of the first container, the version as installed. */
  version?: string;
}

/** Finds an add-on's controller Deployment among all Deployments. */
export function findController(component: Component, deployments: readonly KubeObject[]): ControllerStatus | undefined {
  const p = CONTROLLER_PATTERNS[component];
  const match = deployments.find((d) => {
    const labels = d.metadata.labels ?? {};
    return p.names.includes(d.metadata.name ?? '') ||
      p.labels.includes(labels['app.kubernetes.io/name'] ?? '') ||
      p.labels.includes(labels['app'] ?? '');
  });
  if (!match) return undefined;
  const replicas = Workload.replicas(match);
  const image = Workload.containers(match)[0]?.image;
  return {
    namespace: match.metadata.namespace ?? '',
    name: match.metadata.name ?? '',
    desired: replicas.desired,
    ready: replicas.ready,
    version: image ? Workload.imageTag(image) : undefined,
  };
}
