/**
 * The primary autoscaler Flagger derives from the canary's: an HPA copy
 * (pkg/canary/hpa_reconciler.go `reconcilePrimaryHpaV2`) or a ScaledObject copy
 * (pkg/canary/scaled_object_reconciler.go `reconcilePrimaryScaler`), both targeting
 * `<target>-primary`. Pure builders; the simulated Flagger writes what they return.
 */
import type { JsonObject, JsonValue } from '@/lib/k8s/object';
import { filterMetadata, primaryName } from './naming';

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const copy = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** The primary HPA's spec: min/max/metrics/behavior of the canary HPA, target `<target>-primary`. */
export function primaryHpaSpec(canaryHpaSpec: unknown, targetName: string): JsonObject {
  const spec = o(canaryHpaSpec) ?? {};
  const ref = o(spec.scaleTargetRef) ?? {};
  const out: Obj = {
    scaleTargetRef: { name: primaryName(targetName), kind: ref.kind, apiVersion: ref.apiVersion },
    maxReplicas: spec.maxReplicas,
  };
  if (spec.minReplicas !== undefined) out.minReplicas = spec.minReplicas;
  if (spec.metrics !== undefined) out.metrics = copy(spec.metrics);
  if (spec.behavior !== undefined) out.behavior = copy(spec.behavior);
  return out as JsonObject;
}

/**
 * Whether the primary HPA must be updated (hpa_reconciler.go `hasHPAChanged`; an absent
 * minReplicas counts as 1). Labels and annotations are compared as upstream does.
 */
export function hpaChanged(target: { spec: JsonObject; labels?: Record<string, string>; annotations?: Record<string, string> }, primary: { spec: unknown; labels?: Record<string, string>; annotations?: Record<string, string> }): boolean {
  const p = o(primary.spec) ?? {};
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  return !same(target.spec.metrics, p.metrics) || !same(target.spec.behavior, p.behavior)
    || !same(target.labels ?? {}, primary.labels ?? {}) || !same(target.annotations ?? {}, primary.annotations ?? {})
    || (Number(target.spec.minReplicas ?? 1) !== Number(p.minReplicas ?? 1)) || target.spec.maxReplicas !== p.maxReplicas;
}

export interface AutoscalerRefOptions {
  primaryScalerQueries?: Record<string, string>;
  primaryScalerReplicas?: { minReplicas?: number; maxReplicas?: number };
}

/**
 * The primary ScaledObject's spec. With `copyHpaName` (releases with flagger#1677) a set
 * `advanced.horizontalPodAutoscalerConfig.name` becomes `<name>-primary` (and an absent one leaves an
 * empty `horizontalPodAutoscalerConfig`, as upstream's `setPrimaryScaledObjectHPA` does); without
 * it `advanced` is copied as is. Trigger queries naming the target are rewritten to the primary
 * (`setPrimaryScaledObjectQueries`).
 */
export function primaryScaledObjectSpec(canarySoSpec: unknown, targetName: string, ref: AutoscalerRefOptions, copyHpaName: boolean): JsonObject {
  const spec = copy(o(canarySoSpec) ?? {});
  const target = o(spec.scaleTargetRef) ?? {};
  let advanced = o(spec.advanced);
  if (copyHpaName) {
    advanced = advanced ?? {};
    const hpaConfig = o(advanced.horizontalPodAutoscalerConfig) ?? {};
    if (typeof hpaConfig.name === 'string' && hpaConfig.name) hpaConfig.name = primaryName(hpaConfig.name);
    advanced.horizontalPodAutoscalerConfig = hpaConfig;
  }
  const triggers = Array.isArray(spec.triggers) ? (spec.triggers as Obj[]) : [];
  for (const t of triggers) {
    const md = o(t.metadata);
    if (!md) continue;
    if (ref.primaryScalerQueries) {
      const q = typeof t.name === 'string' ? ref.primaryScalerQueries[t.name] : undefined;
      if (q !== undefined) md.query = q;
    } else if (typeof md.query === 'string') {
      md.query = rewriteQuery(md.query, targetName);
    }
  }
  const out: Obj = {
    scaleTargetRef: dropUndefined({ name: primaryName(targetName), kind: target.kind, apiVersion: target.apiVersion, envSourceContainerName: target.envSourceContainerName }),
  };
  for (const k of ['pollingInterval', 'cooldownPeriod', 'minReplicaCount', 'maxReplicaCount'] as const) if (spec[k] !== undefined) out[k] = spec[k];
  // Flagger decodes into its own copy of the KEDA types (pkg/apis/keda/v1alpha1), which has no
  // initialCooldownPeriod, advanced.scalingModifiers, fallback.behavior or trigger useCachedMetrics:
  // those never reach the primary.
  if (advanced !== undefined) out.advanced = pick(advanced, ['horizontalPodAutoscalerConfig', 'restoreToOriginalReplicaCount']);
  out.triggers = triggers.map((t) => pick(t, ['type', 'name', 'metadata', 'authenticationRef', 'metricType']));
  const fallback = o(spec.fallback);
  if (fallback) out.fallback = pick(fallback, ['failureThreshold', 'replicas']);
  if (spec.idleReplicaCount !== undefined) out.idleReplicaCount = spec.idleReplicaCount;
  if (ref.primaryScalerReplicas?.minReplicas !== undefined) out.minReplicaCount = ref.primaryScalerReplicas.minReplicas;
  if (ref.primaryScalerReplicas?.maxReplicas !== undefined) out.maxReplicaCount = ref.primaryScalerReplicas.maxReplicas;
  return out as JsonObject;
}

/** `podinfo` and `podinfo-canary` in a query become `podinfo-primary` (never `podinfo-primary-primary`). */
export function rewriteQuery(query: string, targetName: string): string {
  const placeholder = '\u0000';
  return query.split(`${targetName}-canary`).join(placeholder).split(targetName).join(primaryName(targetName)).split(placeholder).join(primaryName(targetName));
}

/**
 * Metadata of a new primary ScaledObject: labels always (filtered), annotations only with
 * flagger#1677 (`makeObjectMetaSo`), so a paused canary ScaledObject's
 * `autoscaling.keda.sh/paused-replicas` is copied too (flagger#1934).
 */
export function primaryScaledObjectMeta(canaryLabels: Record<string, string> | undefined, canaryAnnotations: Record<string, string> | undefined, copyAnnotations: boolean): { labels: Record<string, string>; annotations?: Record<string, string> } {
  const labels = filterMetadata(canaryLabels);
  return copyAnnotations ? { labels, annotations: filterMetadata(canaryAnnotations) } : { labels };
}

function pick(v: Obj, keys: string[]): Obj {
  const out: Obj = {};
  for (const k of keys) if (v[k] !== undefined) out[k] = v[k];
  return out;
}

function dropUndefined(v: Obj): { [k: string]: JsonValue } {
  const out: { [k: string]: JsonValue } = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined && x !== '') out[k] = x as JsonValue;
  return out;
}
