/** Workloads with a `/scale` subresource that scaleguard shows: Deployments and StatefulSets. */
import type { KubeObject } from './object';
import { memoByObject } from './memo';
import { at, int, list, str } from './fields';

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export function isWorkloadKind(kind: string): kind is WorkloadKind {
  return (WORKLOAD_KINDS as readonly string[]).includes(kind);
}

export interface WorkloadReplicas {
  /** `spec.replicas` (the API server defaults it to 1). */
  desired: number;
  current: number;
  ready: number;
  updated: number;
  available: number;
}

export const Workload = {
  replicas(obj: KubeObject): WorkloadReplicas {
    const status = obj.status;
    return {
      desired: int(at(obj.spec, 'replicas')) ?? 1,
      current: int(at(status, 'replicas')) ?? 0,
      ready: int(at(status, 'readyReplicas')) ?? 0,
      updated: int(at(status, 'updatedReplicas')) ?? 0,
      available: int(at(status, 'availableReplicas')) ?? 0,
    };
  },
  /** Container names and images of the pod template. */
  containers: memoByObject((obj: KubeObject): { name: string; image: string }[] => list(at(obj.spec, 'template', 'spec', 'containers')).map((c) => ({
    name: str(at(c, 'name')) ?? '',
    image: str(at(c, 'image')) ?? '',
  }))),
  /** The image tag of a container, e.g. `2.16.1` from `ghcr.io/kedacore/keda:2.16.1`. */
  imageTag(image: string): string | undefined {
    const withoutDigest = image.split('@')[0] ?? image;
    const lastSlash = withoutDigest.lastIndexOf('/');
    const colon = withoutDigest.lastIndexOf(':');
    return colon > lastSlash ? withoutDigest.slice(colon + 1) : undefined;
  },
};
