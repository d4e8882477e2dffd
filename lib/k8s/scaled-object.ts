/** KEDA ScaledObject (keda.sh/v1alpha1): event-driven scaling through an HPA KEDA owns. */
import type { KubeObject } from './object';
import { at, int, list, str, stringMap } from './fields';
import { memoByObject } from './memo';
import { readScaleTarget, type ScaleTarget } from './scale-target';

export const SCALED_OBJECT_GVK = { group: 'keda.sh', version: 'v1alpha1', kind: 'ScaledObject', plural: 'scaledobjects' } as const;

export const PAUSED_ANNOTATION = 'autoscaling.keda.sh/paused';
export const PAUSED_REPLICAS_ANNOTATION = 'autoscaling.keda.sh/paused-replicas';
export const TRANSFER_HPA_OWNERSHIP_ANNOTATION = 'scaledobject.keda.sh/transfer-hpa-ownership';

/** KEDA defaults (upstream): minReplicaCount 0, maxReplicaCount 100. */
const DEFAULT_MIN = 0;
const DEFAULT_MAX = 100;

export interface Trigger {
  type: string;
  name?: string;
  metricType?: string;
  metadata: Record<string, string>;
  /** TriggerAuthentication name only; secrets are never read. */
  authenticationRef?: string;
}

export const ScaledObject = {
  /** Empty apiVersion/kind mean `apps/v1` `Deployment` (upstream). */
  scaleTarget: memoByObject((so: KubeObject): ScaleTarget | undefined =>
    readScaleTarget(at(so.spec, 'scaleTargetRef'), so.metadata.namespace, { apiVersion: 'apps/v1', kind: 'Deployment' })),
  minReplicas(so: KubeObject): number {
    return int(at(so.spec, 'minReplicaCount')) ?? DEFAULT_MIN;
  },
  maxReplicas(so: KubeObject): number {
    return int(at(so.spec, 'maxReplicaCount')) ?? DEFAULT_MAX;
  },
  idleReplicas(so: KubeObject): number | undefined {
    return int(at(so.spec, 'idleReplicaCount'));
  },
  /** The HPA KEDA manages: `advanced.horizontalPodAutoscalerConfig.name` or `keda-hpa-<name>` (upstream). */
  hpaName(so: KubeObject): string {
    return str(at(so.spec, 'advanced', 'horizontalPodAutoscalerConfig', 'name')) || `keda-hpa-${so.metadata.name ?? ''}`;
  },
  /** Read once per (immutable) object; callers must not mutate the result. */
  triggers: memoByObject((so: KubeObject): Trigger[] => list(at(so.spec, 'triggers')).map((t) => ({
      type: str(at(t, 'type')) ?? 'unknown',
      name: str(at(t, 'name')),
      metricType: str(at(t, 'metricType')),
      metadata: stringMap(at(t, 'metadata')),
      authenticationRef: str(at(t, 'authenticationRef', 'name')),
    }))),
  /** The pause annotation in effect, if any. */
  pause(so: KubeObject): { annotation: string; value: string } | undefined {
    const a = so.metadata.annotations ?? {};
    if (a[PAUSED_REPLICAS_ANNOTATION] !== undefined) return { annotation: PAUSED_REPLICAS_ANNOTATION, value: a[PAUSED_REPLICAS_ANNOTATION] };
    if (a[PAUSED_ANNOTATION] !== undefined && a[PAUSED_ANNOTATION] !== 'false') return { annotation: PAUSED_ANNOTATION, value: a[PAUSED_ANNOTATION] };
    return undefined;
  },
};
