/**
 * The checks of KEDA's ScaledObject admission webhook `vscaledobject.kb.io`, pure, with upstream's
 * messages (apis/keda/v1alpha1/scaledobject_webhook.go, scaledobject_types.go,
 * scaletriggers_types.go; kedacore/keda main at commit 02c2bdc). The simulator's webhook backend
 * calls it with what it read from the store; the dashboard can call it for a preflight.
 *
 * Denials carry the HTTP code controller-runtime's webhook answers: 403 Forbidden for a plain
 * error (`admission.Denied`), the error's own status for an API error (e.g. 404 when the target
 * Deployment is not in the webhook's cache), 500 for a recovered panic.
 */
import type { KubeObject } from '../k8s/object';
import { at, int, list, str } from '../k8s/fields';
import { parseQuantity } from '../k8s/quantity';
import { gvkString, hasHpaConfig, hpaNameOf, parseGvkr, SCALED_OBJECT_NAME_LABEL, type ResourceMapper } from './names';

export const TRANSFER_HPA_OWNERSHIP = 'scaledobject.keda.sh/transfer-hpa-ownership';
export const VALIDATIONS_HPA_OWNERSHIP = 'validations.keda.sh/hpa-ownership';
const MAX_LABEL_VALUE = 63;

export interface ValidationContext {
  operation: 'CREATE' | 'UPDATE';
  dryRun: boolean;
  oldObject?: KubeObject;
  /** HPAs and ScaledObjects of the ScaledObject's namespace (the webhook's informer cache). */
  hpas: KubeObject[];
  scaledObjects: KubeObject[];
  limitRanges: KubeObject[];
  /** A Deployment or StatefulSet of the namespace, from the cache. */
  workload(kind: 'Deployment' | 'StatefulSet', name: string): KubeObject | undefined;
  mapper: ResourceMapper;
}

export type Verdict = { allowed: true } | { allowed: false; code: number; reason: string; message: string };

class Denial extends Error {
  constructor(message: string, readonly code = 403, readonly reason = 'Forbidden') {
    super(message);
  }
}

const NIL_POINTER_PANIC = 'panic: runtime error: invalid memory address or nil pointer dereference [recovered]';

function targetGvk(so: KubeObject, mapper: ResourceMapper): string {
  const r = parseGvkr(str(at(so.spec, 'scaleTargetRef', 'apiVersion')), str(at(so.spec, 'scaleTargetRef', 'kind')), mapper);
  if (!r.ok) throw new Denial(r.error);
  return gvkString(r.gvkr);
}

const targetName = (o: KubeObject): string => str(at(o.spec, 'scaleTargetRef', 'name')) ?? '';
const triggers = (so: KubeObject) => list(at(so.spec, 'triggers'));
const triggerType = (t: unknown) => str(at(t, 'type')) ?? '';

function resourceSet(resources: unknown, name: string): boolean {
  const req = at(resources, 'requests', name);
  const lim = at(resources, 'limits', name);
  return (req !== undefined || lim !== undefined) && ((parseQuantity(req) ?? 0) > 0 || (parseQuantity(lim) ?? 0) > 0);
}

function limitRangeDefaults(ranges: KubeObject[], name: string): boolean {
  return ranges.some((lr) => list(at(lr.spec, 'limits')).some((item) => {
    const dr = at(item, 'defaultRequest', name);
    const d = at(item, 'default', name);
    return (dr !== undefined || d !== undefined) && ((parseQuantity(dr) ?? 0) > 0 || (parseQuantity(d) ?? 0) > 0) && str(at(item, 'type')) === 'Container';
  }));
}

/** verifyCPUMemoryScalers: skipped on dry-run and for targets other than Deployments/StatefulSets. */
function verifyCpuMemory(so: KubeObject, ctx: ValidationContext): void {
  if (ctx.dryRun) return;
  let podSpec: unknown;
  for (const t of triggers(so)) {
    const type = triggerType(t);
    if (type !== 'cpu' && type !== 'memory') continue;
    if (podSpec === undefined) {
      const gvk = targetGvk(so, ctx.mapper);
      if (gvk !== 'apps/v1.Deployment' && gvk !== 'apps/v1.StatefulSet') return;
      const kind = gvk === 'apps/v1.Deployment' ? 'Deployment' : 'StatefulSet';
      const w = ctx.workload(kind, targetName(so));
      // controller-runtime's cache reader reports the kind as the resource (cache_reader.go).
      if (!w) throw new Denial(`${kind}.apps "${targetName(so)}" not found`, 404, 'NotFound');
      podSpec = at(w.spec, 'template', 'spec') ?? {};
    }
    const containerName = str(at(t, 'metadata', 'containerName')) ?? '';
    for (const c of list(at(podSpec, 'containers'))) {
      const name = str(at(c, 'name')) ?? '';
      if (containerName !== '' && name !== containerName) continue;
      if (!resourceSet(at(c, 'resources'), type) && !limitRangeDefaults(ctx.limitRanges, type)) {
        throw new Denial(`the scaledobject has a ${type} trigger but the container ${name} doesn't have the ${type} request defined`);
      }
    }
    const onlyResource = triggers(so).every((x) => triggerType(x) === 'cpu' || triggerType(x) === 'memory');
    const min = int(at(so.spec, 'minReplicaCount'));
    if (onlyResource && (min === undefined || min === 0)) {
      throw new Denial("scaledobject has only cpu/memory triggers AND minReplica is 0 (scale to zero doesn't work in this case)");
    }
  }
}

/** verifyScaledObjects: one ScaledObject per workload and per HPA name; scaling modifiers. */
function verifyScaledObjects(so: KubeObject, ctx: ValidationContext): void {
  const gvk = targetGvk(so, ctx.mapper);
  const hpaName = hpaNameOf(so);
  for (const other of ctx.scaledObjects) {
    if (other.metadata.name === so.metadata.name) continue;
    const otherGvk = targetGvk(other, ctx.mapper);
    if (otherGvk === gvk && targetName(other) === targetName(so)) {
      throw new Denial(`the workload '${targetName(other)}' of type '${gvk}' is already managed by the ScaledObject '${other.metadata.name ?? ''}'`);
    }
    if (hpaNameOf(other) === hpaName) {
      // Upstream formats other.Spec.Advanced.HorizontalPodAutoscalerConfig.Name: a nil pointer when the other one uses the default name.
      if (!hasHpaConfig(other)) throw new Denial(NIL_POINTER_PANIC, 500, '');
      throw new Denial(`the HPA '${hpaNameOf(other)}' is already managed by the ScaledObject '${other.metadata.name ?? ''}'`);
    }
  }
  const sm = at(so.spec, 'advanced', 'scalingModifiers');
  if (sm && typeof sm === 'object' && Object.keys(sm).length > 0) {
    const formula = str(at(sm, 'formula')) ?? '';
    const target = str(at(sm, 'target')) ?? '';
    if (formula === '') throw new Denial('error ScalingModifiers.Formula is mandatory');
    if (target === '') throw new Denial('error validating formula in ScalingModifiers\nformula is given but target is empty');
    const n = Number(target);
    if (!Number.isFinite(n) || n <= 0) throw new Denial(`error validating target in ScalingModifiers\nerror converting target for scalingModifiers (string->float) to valid target: ${Number.isFinite(n) ? '%!w(<nil>)' : `strconv.ParseFloat: parsing "${target}": invalid syntax`}`);
  }
}

/** verifyHpas: a workload scaled by an HPA the ScaledObject does not own is refused, unless ownership is transferred. */
function verifyHpas(so: KubeObject, ctx: ValidationContext): void {
  const gvk = targetGvk(so, ctx.mapper);
  for (const hpa of ctx.hpas) {
    if (hpa.metadata.annotations?.[VALIDATIONS_HPA_OWNERSHIP] === 'false') continue;
    const r = parseGvkr(str(at(hpa.spec, 'scaleTargetRef', 'apiVersion')), str(at(hpa.spec, 'scaleTargetRef', 'kind')), ctx.mapper);
    if (!r.ok) throw new Denial(r.error);
    if (gvkString(r.gvkr) !== gvk || targetName(hpa) !== targetName(so)) continue;
    const owned = (hpa.metadata.ownerReferences ?? []).some((o) => o.kind === so.kind && o.name === so.metadata.name);
    if (owned) continue;
    const hpaName = hpa.metadata.name ?? '';
    if (so.metadata.annotations?.[TRANSFER_HPA_OWNERSHIP] === 'true') {
      if (hasHpaConfig(so) && str(at(so.spec, 'advanced', 'horizontalPodAutoscalerConfig', 'name')) === hpaName) continue;
      throw new Denial(`the existing hpa '${hpaName}' for workload '${targetName(so)}' of type '${gvk}' must be specified by name in advanced settings to enable ownership transfer`);
    }
    throw new Denial(`the workload '${targetName(so)}' of type '${gvk}' is already managed by the hpa '${hpaName}'`);
  }
}

/** CheckReplicaCountBoundsAreValid: min (as the HPA sees it when set) ≤ max; idle < min. */
export function replicaBoundsError(so: KubeObject): string | undefined {
  const minSet = int(at(so.spec, 'minReplicaCount'));
  const min = minSet === undefined ? 0 : Math.max(minSet, 1);
  const max = int(at(so.spec, 'maxReplicaCount')) ?? 100;
  if (min > max) return `MinReplicaCount=${min} must be less than MaxReplicaCount=${max}`;
  const idle = int(at(so.spec, 'idleReplicaCount'));
  if (idle !== undefined && idle >= min) return `IdleReplicaCount=${idle} must be less than MinReplicaCount=${min}`;
  return undefined;
}

/** CheckFallbackValid. */
export function fallbackError(so: KubeObject): string | undefined {
  const fb = at(so.spec, 'fallback');
  if (!fb || typeof fb !== 'object') return undefined;
  const threshold = int(at(fb, 'failureThreshold')) ?? 0;
  const replicas = int(at(fb, 'replicas')) ?? 0;
  if (threshold < 0 || replicas < 0) return `FailureThreshold=${threshold} & Replicas=${replicas} must both be greater than or equal to 0`;
  const sm = at(so.spec, 'advanced', 'scalingModifiers');
  if (sm && typeof sm === 'object' && Object.keys(sm).length > 0) {
    return str(at(sm, 'metricType')) === 'Value' ? 'when using ScalingModifiers, ScaledObject.Spec.Advanced.ScalingModifiers.MetricType must be AverageValue to have fallback enabled' : undefined;
  }
  const ok = triggers(so).some((t) => {
    const type = triggerType(t);
    return type !== 'cpu' && type !== 'memory' && (str(at(t, 'metricType')) || 'AverageValue') === 'AverageValue';
  });
  return ok ? undefined : 'at least one trigger (that is not cpu or memory) has to have the `AverageValue` type for the fallback to be enabled';
}

/** ValidateTriggers (scaletriggers_types.go). */
export function triggersError(list_: unknown[]): string | undefined {
  const names = new Set<string>();
  for (const t of list_) {
    const type = triggerType(t);
    if (at(t, 'useCachedMetrics') === true && (type === 'cpu' || type === 'memory' || type === 'cron')) return `property "useCachedMetrics" is not supported for "${type}" scaler`;
    const name = str(at(t, 'name')) ?? '';
    if (name !== '') {
      if (names.has(name)) return `triggerName "${name}" is defined multiple times in the ScaledObject/ScaledJob, but it must be unique`;
      names.add(name);
    }
  }
  return undefined;
}

function verifyName(so: KubeObject): void {
  const name = so.metadata.name ?? '';
  if (name.length > MAX_LABEL_VALUE) throw new Denial(`scaledobject name "${name}" is ${name.length} characters long; must be no more than ${MAX_LABEL_VALUE} characters because it is used as the "${SCALED_OBJECT_NAME_LABEL}" label value`);
  const hpa = hpaNameOf(so);
  if (hpa.length > MAX_LABEL_VALUE) throw new Denial(`HPA name "${hpa}" derived from scaledobject is ${hpa.length} characters long; must be no more than ${MAX_LABEL_VALUE} characters; set spec.advanced.horizontalPodAutoscalerConfig.name to a shorter name or shorten the scaledobject name`);
}

/** isRemovingFinalizer: an UPDATE that only drops finalizers is admitted without checks. */
function removesFinalizerOnly(so: KubeObject, old: KubeObject | undefined): boolean {
  if (!old) return false;
  return (so.metadata.finalizers ?? []).length < (old.metadata.finalizers ?? []).length && JSON.stringify(so.spec) === JSON.stringify(old.spec);
}

/** Runs the webhook's checks in upstream's order; the first failure is the answer. */
export function validateScaledObject(so: KubeObject, ctx: ValidationContext): Verdict {
  if (ctx.operation === 'UPDATE' && removesFinalizerOnly(so, ctx.oldObject)) return { allowed: true };
  try {
    verifyCpuMemory(so, ctx);
    verifyScaledObjects(so, ctx);
    verifyHpas(so, ctx);
    const bounds = replicaBoundsError(so);
    if (bounds) throw new Denial(bounds);
    const fb = fallbackError(so);
    if (fb) throw new Denial(fb);
    verifyName(so);
    const trig = triggersError(triggers(so));
    if (trig) throw new Denial(trig);
    return { allowed: true };
  } catch (e) {
    if (e instanceof Denial) return { allowed: false, code: e.code, reason: e.reason, message: e.message };
    throw e;
  }
}

