/**
 * Small shared pieces of the planners: references to the objects a plan touches, JSON Pointer
 * escaping, and reading a workload's scale target into an ObjectRef.
 */
import { ObjectRef } from '../k8s/object';
import type { ScaleTarget } from '../k8s/scale-target';

/** The apiVersions planners write; HPAs are read and restored as autoscaling/v2. */
export const HPA_API_VERSION = 'autoscaling/v2';
export const SCALED_OBJECT_API_VERSION = 'keda.sh/v1alpha1';
export const CANARY_API_VERSION = 'flagger.app/v1beta1';

export function hpaRef(namespace: string, name: string): ObjectRef {
  return { apiVersion: HPA_API_VERSION, kind: 'HorizontalPodAutoscaler', namespace, name };
}

export function scaledObjectRef(namespace: string, name: string): ObjectRef {
  return { apiVersion: SCALED_OBJECT_API_VERSION, kind: 'ScaledObject', namespace, name };
}

export function canaryRef(namespace: string, name: string): ObjectRef {
  return { apiVersion: CANARY_API_VERSION, kind: 'Canary', namespace, name };
}

/** A workload reference from a scale target (`apps/v1` Deployment when the target omits it). */
export function workloadRef(t: Pick<ScaleTarget, 'apiVersion' | 'kind' | 'namespace' | 'name'>, name = t.name): ObjectRef {
  return { apiVersion: t.apiVersion || 'apps/v1', kind: t.kind || 'Deployment', namespace: t.namespace, name };
}

/** One JSON Pointer token (RFC 6901): `~` → `~0`, `/` → `~1`, so annotation keys can be addressed. */
export function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `/metadata/annotations/autoscaling.keda.sh~1paused-replicas` */
export function annotationPointer(key: string): string {
  return `/metadata/annotations/${pointerToken(key)}`;
}

/** `Kind namespace/name`, as step descriptions name objects. */
export function show(ref: Pick<ObjectRef, 'kind' | 'namespace' | 'name'>): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** Unique refs by key, first occurrence kept (plans list touched objects once). */
export function uniqueRefs(refs: ObjectRef[]): ObjectRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = ObjectRef.key(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
