/**
 * The HPA a ScaledObject owns, as keda-operator builds it (controllers/keda/hpa.go
 * `newHPAForScaledObject`, `updateHPAIfNeeded`): External metrics per trigger (Resource for
 * cpu/memory) sorted by type, min = max(minReplicaCount, 1), max (both = paused-replicas while
 * that annotation pins them), behavior from `advanced.horizontalPodAutoscalerConfig.behavior`,
 * KEDA's labels plus the ScaledObject's (minus `scaledobject.keda.sh/hpa-excluded-labels`), the
 * ScaledObject's annotations, and the ScaledObject as controller owner.
 */
import { HPA_EXCLUDED_LABELS_ANNOTATION, hpaNameOf, type Gvkr } from '@/lib/keda/names';
import { hpaMetricSpec } from '@/lib/keda/scalers';
import { at, int, str } from '@/lib/k8s/fields';
import type { KubeObject } from '@/lib/k8s/object';
import type { CacheEntry } from './scaler-cache';

export const PAUSED_REPLICAS = 'autoscaling.keda.sh/paused-replicas';
export const PAUSED = 'autoscaling.keda.sh/paused';

/** `GetPausedReplicaCount`: the annotation as an int32, undefined when absent; NaN when unparsable. */
export function pausedReplicas(so: KubeObject): number | undefined {
  const v = so.metadata.annotations?.[PAUSED_REPLICAS];
  if (v === undefined) return undefined;
  return /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
}

/** `NeedToBePausedByAnnotation`: paused-replicas counts once the operator recorded it in status. */
export function needsPause(so: KubeObject): boolean {
  const a = so.metadata.annotations ?? {};
  if (a[PAUSED_REPLICAS] !== undefined) return int(at(so.status, 'pausedReplicaCount')) !== undefined;
  const v = a[PAUSED];
  if (v === undefined) return false;
  const b = v.toLowerCase();
  if (['1', 't', 'true'].includes(b)) return true;
  if (['0', 'f', 'false'].includes(b)) return false;
  return true; // not a boolean: upstream assumes true
}

export function desiredHpa(so: KubeObject, entry: CacheEntry, gvkr: Gvkr, kedaVersion: string): KubeObject {
  const name = hpaNameOf(so);
  const excluded = new Set((so.metadata.annotations?.[HPA_EXCLUDED_LABELS_ANNOTATION] ?? '').split(','));
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': name.length > 63 ? name.slice(0, 63).replace(/[^A-Za-z0-9]+$/, '') : name,
    'app.kubernetes.io/version': kedaVersion,
    'app.kubernetes.io/part-of': so.metadata.name ?? '',
    'app.kubernetes.io/managed-by': 'keda-operator',
  };
  for (const [k, v] of Object.entries(so.metadata.labels ?? {})) if (!excluded.has(k)) labels[k] = v;
  const metrics = entry.scalers
    .map((s) => hpaMetricSpec(s.spec, so.metadata.name ?? '', s.spec.resource ? s.params.containerName : undefined))
    .sort((a, b) => String(a.type).localeCompare(String(b.type)));
  const min = int(at(so.spec, 'minReplicaCount'));
  let minReplicas = min !== undefined && min > 0 ? min : 1;
  let maxReplicas = int(at(so.spec, 'maxReplicaCount')) ?? 100;
  const paused = pausedReplicas(so);
  if (paused !== undefined && !Number.isNaN(paused)) {
    minReplicas = paused === 0 ? 1 : paused;
    maxReplicas = minReplicas;
  }
  const spec: Record<string, unknown> = {
    scaleTargetRef: { apiVersion: gvkr.group ? `${gvkr.group}/${gvkr.version}` : gvkr.version, kind: gvkr.kind, name: str(at(so.spec, 'scaleTargetRef', 'name')) ?? '' },
    minReplicas, maxReplicas, metrics,
  };
  const behavior = at(so.spec, 'advanced', 'horizontalPodAutoscalerConfig', 'behavior');
  if (behavior !== undefined) spec.behavior = behavior;
  const metadata: KubeObject['metadata'] = {
    name, namespace: so.metadata.namespace, labels,
    ownerReferences: [{ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', name: so.metadata.name ?? '', uid: so.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
  };
  if (so.metadata.annotations && Object.keys(so.metadata.annotations).length) metadata.annotations = { ...so.metadata.annotations };
  return { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata, spec };
}

/** `equality.Semantic.DeepDerivative`: unset fields of `a` are ignored; `a`'s list must not be longer than `b`'s. */
export function derivative(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null) return true;
  if (Array.isArray(a)) {
    if (a.length === 0) return true;
    if (!Array.isArray(b) || a.length > b.length) return false;
    return a.every((x, i) => derivative(x, b[i]));
  }
  if (typeof a === 'object') {
    if (typeof b !== 'object' || b === null || Array.isArray(b)) return false;
    return Object.entries(a as Record<string, unknown>).every(([k, v]) => derivative(v, (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

/** Whether the found HPA must be replaced by the desired one (spec, labels or annotations differ). */
export function hpaNeedsUpdate(desired: KubeObject, found: KubeObject): boolean {
  const d = desired.spec as Record<string, unknown>;
  const f = (found.spec ?? {}) as Record<string, unknown>;
  const len = (x: unknown) => (Array.isArray(x) ? x.length : 0);
  if (len(d.metrics) !== len(f.metrics) || !derivative(d, f)) return true;
  if (d.behavior === undefined && f.behavior !== undefined) return true;
  if (!derivative(desired.metadata.labels, found.metadata.labels)) return true;
  if ((desired.metadata.annotations === undefined && found.metadata.annotations !== undefined) || !derivative(desired.metadata.annotations, found.metadata.annotations)) return true;
  const owner = (found.metadata.ownerReferences ?? []).find((o) => o.controller);
  return owner?.uid !== desired.metadata.ownerReferences?.[0]?.uid;
}
