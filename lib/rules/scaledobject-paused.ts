/**
 * A KEDA pause annotation is in effect on a ScaledObject: which one, and since when (the `Paused`
 * condition's lastTransitionTime when KEDA reports it). Upstream semantics
 * (apis/keda/v1alpha1/scaledobject_types.go `NeedToBePausedByAnnotation`, controllers/keda):
 * - `autoscaling.keda.sh/paused-replicas: N` wins over `paused`; KEDA scales the target to N, deletes
 *   the HPA and stops its scale loop (applied once `status.pausedReplicaCount` is set);
 * - `autoscaling.keda.sh/paused` pauses unless its value parses as false (Go `strconv.ParseBool`:
 *   `false`, `0`, `f`, `F`, `FALSE`, `False`); a value that does not parse pauses too; the replicas stay
 *   where they are;
 * - `autoscaling.keda.sh/paused-scale-in` / `paused-scale-out` (KEDA 2.18) keep the HPA but disable one
 *   direction; read here as paused when the value parses as true.
 *
 * Not reported here: the canary-side ScaledObject of a Flagger Canary paused with `paused-replicas`
 * (Flagger does that on purpose while the canary is idle), and the primary ScaledObject of a
 * `Succeeded` or `Initialized` Canary with `paused-replicas` (that is `canary-primary-paused`, critical).
 */
import { indexOf } from '../snapshot-index';
import { Canary } from '../k8s/canary';
import { at, int, str, stringMap } from '../k8s/fields';
import { findCondition, type Condition, type KubeObject, type ObjectRef } from '../k8s/object';
import { PAUSED_ANNOTATION, PAUSED_REPLICAS_ANNOTATION, ScaledObject } from '../k8s/scaled-object';
import { targetKey } from '../k8s/scale-target';
import type { Snapshot } from '../snapshot';
import { code, listing, named, refOf } from './text';
import type { Finding, Rule } from './types';

export const PAUSED_SCALE_IN_ANNOTATION = 'autoscaling.keda.sh/paused-scale-in';
export const PAUSED_SCALE_OUT_ANNOTATION = 'autoscaling.keda.sh/paused-scale-out';

/** Canary phases in which the canary is idle and the primary alone serves traffic (design §5). */
export const CANARY_IDLE_PHASES: readonly string[] = ['Initialized', 'Succeeded'];

export interface Pause {
  annotation: string;
  value: string;
  /** `replicas`: held at a count; `full`: held where it is; `in` / `out`: one direction disabled. */
  kind: 'replicas' | 'full' | 'in' | 'out';
}

/** Go's strconv.ParseBool; undefined when the text is not a boolean. */
function parseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/** The pause annotations in effect, the full pause (replicas or not) first. */
export function pausesOf(so: KubeObject): Pause[] {
  const a = stringMap(so.metadata.annotations);
  const out: Pause[] = [];
  if (a[PAUSED_REPLICAS_ANNOTATION] !== undefined) out.push({ annotation: PAUSED_REPLICAS_ANNOTATION, value: a[PAUSED_REPLICAS_ANNOTATION], kind: 'replicas' });
  else if (a[PAUSED_ANNOTATION] !== undefined && parseBool(a[PAUSED_ANNOTATION]) !== false) out.push({ annotation: PAUSED_ANNOTATION, value: a[PAUSED_ANNOTATION], kind: 'full' });
  if (a[PAUSED_SCALE_IN_ANNOTATION] !== undefined && parseBool(a[PAUSED_SCALE_IN_ANNOTATION])) out.push({ annotation: PAUSED_SCALE_IN_ANNOTATION, value: a[PAUSED_SCALE_IN_ANNOTATION], kind: 'in' });
  if (a[PAUSED_SCALE_OUT_ANNOTATION] !== undefined && parseBool(a[PAUSED_SCALE_OUT_ANNOTATION])) out.push({ annotation: PAUSED_SCALE_OUT_ANNOTATION, value: a[PAUSED_SCALE_OUT_ANNOTATION], kind: 'out' });
  return out;
}

/**
 * A condition with every field checked to be a string (`findCondition` only checks `type` and
 * `status`; the rest of an untrusted object may be anything). Shared by the KEDA rules.
 */
export function conditionOf(status: unknown, type: string): Condition | undefined {
  const c = findCondition(status, type);
  if (!c) return undefined;
  return { type: c.type, status: c.status, reason: str(c.reason), message: str(c.message), lastTransitionTime: str(c.lastTransitionTime) };
}

export const scaledObjectPaused: Rule = {
  id: 'scaledobject-paused',
  severity: 'info',
  title: 'ScaledObject paused',
  check(snapshot, ctx) {
    const findings: Finding[] = [];
    for (const so of snapshot.objects.scaledobjects) {
      const pauses = pausesOf(so).filter((p) => !(p.kind === 'replicas' && flaggerOwnsPause(snapshot, so)));
      if (pauses.length === 0) continue;
      const target = ScaledObject.scaleTarget(so);
      const node = target ? ctx.graph.nodes.get(targetKey(target)) : undefined;
      const workload: ObjectRef | undefined = node?.object ? refOf(node.object) : target ? { apiVersion: target.apiVersion, kind: target.kind, namespace: target.namespace, name: target.name } : undefined;
      findings.push(finding(so, workload, pauses));
    }
    return findings;
  },
};

/** Canary-side ScaledObject (Flagger pauses it on purpose), or the primary of an idle Canary (canary-primary-paused). */
function flaggerOwnsPause(snapshot: Snapshot, so: KubeObject): boolean {
  return indexOf(snapshot).inNamespace('canaries', so.metadata.namespace).some((c) => {
    const ref = Canary.autoscaler(c);
    if (!ref || ref.kind !== 'ScaledObject' || ref.namespace !== so.metadata.namespace) return false;
    if (ref.name === so.metadata.name) return true;
    return Canary.primaryName(ref.name) === so.metadata.name && CANARY_IDLE_PHASES.includes(Canary.phase(c) ?? '');
  });
}

function effect(p: Pause, so: KubeObject): string {
  switch (p.kind) {
    case 'replicas': {
      const applied = int(at(so.status, 'pausedReplicaCount'));
      return `${code(`${p.annotation}: "${p.value}"`)}: KEDA deletes the ScaledObject's HPA, stops its scale loop and holds the workload at ${code(p.value)} replicas whatever the load` +
        (applied === undefined ? ` (not applied yet: ${code('status.pausedReplicaCount')} is unset)` : '');
    }
    case 'full':
      return `${code(`${p.annotation}: "${p.value}"`)}: KEDA deletes the ScaledObject's HPA and stops its scale loop; the workload keeps the replicas it had`;
    case 'in':
      return `${code(`${p.annotation}: "${p.value}"`)}: KEDA keeps the HPA but disables its scale-down, so the workload never shrinks`;
    case 'out':
      return `${code(`${p.annotation}: "${p.value}"`)}: KEDA keeps the HPA but disables its scale-up, so the workload does not grow with load`;
  }
}

function finding(so: KubeObject, workload: ObjectRef | undefined, pauses: Pause[]): Finding {
  const soRef = refOf(so);
  const cond = conditionOf(so.status, 'Paused');
  const since = cond?.status === 'True' ? cond.lastTransitionTime : undefined;
  const name = so.metadata.name ?? '';
  const a = stringMap(so.metadata.annotations);
  // `paused` under `paused-replicas` takes over as soon as the latter is removed: remove both.
  const shadowed = pauses.some((p) => p.kind === 'replicas') && a[PAUSED_ANNOTATION] !== undefined && parseBool(a[PAUSED_ANNOTATION]) !== false;
  const remove = [...pauses.map((p) => p.annotation), ...(shadowed ? [PAUSED_ANNOTATION] : [])];
  return {
    rule: scaledObjectPaused.id,
    severity: scaledObjectPaused.severity,
    subjects: [...(workload ? [workload] : []), soRef],
    message: `ScaledObject ${code(name)} is paused (${listing(pauses.map((p) => code(p.annotation)))})${since ? ` since ${since}` : ''}`,
    explanation:
      `${named(soRef)}${workload ? `, which scales ${named(workload)},` : ''} carries ${pauses.map((p) => `${effect(p, so)}.`).join(' It also carries ')} ` +
      (shadowed ? `It also carries ${code(`${PAUSED_ANNOTATION}: "${a[PAUSED_ANNOTATION]}"`)}, which ${code(PAUSED_REPLICAS_ANNOTATION)} overrides while it is there. ` : '') +
      (cond?.status === 'True'
        ? `KEDA reports ${code('Paused=True')}${since ? ` since ${since}` : ''}${cond.message ? ` (${code(cond.message)})` : ''}.`
        : `KEDA does not report ${code('Paused=True')} yet${cond ? ` (${code(`Paused=${cond.status}`)})` : ''}, so how long it has been paused is not known.`) +
      ' Pausing is deliberate (maintenance, an incident, a migration), but a forgotten pause leaves the workload unscaled.',
    remedy: `If the pause is no longer needed, remove the annotation${remove.length === 1 ? '' : 's'}: ${code(`kubectl annotate scaledobject ${name} -n ${so.metadata.namespace ?? ''} ${remove.map((r) => `${r}-`).join(' ')}`)} (action ${code('scaledobject-resume')}); KEDA recreates the HPA and resumes scaling.`,
    actions: ['scaledobject-resume'],
    since,
  };
}
