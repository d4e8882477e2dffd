/**
 * Action `scaledobject-resume` (design §5): remove KEDA's pause annotations from a ScaledObject —
 * `autoscaling.keda.sh/paused-replicas`, `autoscaling.keda.sh/paused`, and KEDA 2.18's
 * `paused-scale-in` / `paused-scale-out` when present. A full pause made KEDA delete the HPA and
 * hold the replicas; once the annotation is gone the operator recreates its HPA and scaling resumes.
 *
 * One JSON patch: `test` of the resourceVersion the plan saw and of each annotation's value, then
 * `remove` of each, so a ScaledObject that changed since planning is refused (422), never
 * overwritten. The flagger#1934 case (the primary ScaledObject of an idle Canary that inherited the
 * canary's pause) gets a note on whether Flagger puts the annotation back.
 */
import { sources } from '../graph/scaling-graph';
import { Canary } from '../k8s/canary';
import { at, str, stringMap } from '../k8s/fields';
import type { JsonValue, KubeObject } from '../k8s/object';
import { PAUSED_ANNOTATION, PAUSED_REPLICAS_ANNOTATION, ScaledObject } from '../k8s/scaled-object';
import { CANARY_IDLE_PHASES, PAUSED_SCALE_IN_ANNOTATION, PAUSED_SCALE_OUT_ANNOTATION } from '../rules/scaledobject-paused';
import type { Snapshot } from '../snapshot';
import { indexOf } from '../snapshot-index';
import { applyOperation } from './apply';
import { check, kedaInstalled, kedaOperatorReady } from './preflight';
import { annotationPointer, hpaRef, scaledObjectRef } from './refs';
import { graphOf } from './scaled-objects';
import type { Operation, Plan, PlanFacts, PlanOptions, PlanStep, PlanTarget, PostCondition } from './types';

export const PAUSE_ANNOTATIONS = [PAUSED_REPLICAS_ANNOTATION, PAUSED_ANNOTATION, PAUSED_SCALE_IN_ANNOTATION, PAUSED_SCALE_OUT_ANNOTATION] as const;

/** The Canary this ScaledObject belongs to, and which side it is. */
function canaryOf(s: Snapshot, so: KubeObject): { canary: KubeObject; side: 'canary' | 'primary' } | undefined {
  const ns = so.metadata.namespace ?? '';
  const name = so.metadata.name ?? '';
  const target = ScaledObject.scaleTarget(so);
  if (!target) return undefined;
  // A primary ScaledObject targets `<target>-primary`, which the Canary's target shadows.
  const shadowing = sources(graphOf(s), target.key, 'shadows');
  const targeting = sources(graphOf(s), target.key, 'targets');
  for (const node of [...shadowing.flatMap((w) => sources(graphOf(s), w.key, 'targets')), ...targeting]) {
    const c = node.object;
    const ref = c ? Canary.autoscaler(c) : undefined;
    if (!c || ref?.kind !== 'ScaledObject' || ref.namespace !== ns) continue;
    if (ref.name === name) return { canary: c, side: 'canary' };
    if (Canary.primaryName(ref.name) === name) return { canary: c, side: 'primary' };
  }
  return undefined;
}

function flaggerNote(found: ReturnType<typeof canaryOf>, soName: string): string {
  if (!found) return '';
  const cName = found.canary.metadata.name ?? '';
  const phase = Canary.phase(found.canary) ?? 'unknown';
  if (found.side === 'canary') {
    return ` ScaledObject ${soName} is the canary-side autoscaler of Canary ${cName} (${phase}): Flagger pauses it on purpose while the canary is idle (paused-replicas: "0") and pauses it again at the end of the next promotion, so resuming it starts the idle canary Deployment until then.`;
  }
  const idle = CANARY_IDLE_PHASES.includes(phase);
  return ` ScaledObject ${soName} is the primary of Canary ${cName} (${phase}) — flagger#1934. Flagger will not put the annotation back${idle ? ' while the canary stays idle' : ''}: it copies the canary ScaledObject's annotations only when it creates ${soName} (1.38.0 and later), and at a promotion it rewrites the primary's annotations only when the spec differs (keeping those -include-label-prefix allows). ` +
    `It comes back if ${soName} is created again while the canary ScaledObject is paused — the Canary deleted and re-created, or ${soName} deleted by hand — until Flagger drops the pause on create (flagger PR #1972).`;
}

export function planScaledObjectResume(s: Snapshot, target: PlanTarget, _facts: PlanFacts, _options: PlanOptions): Plan {
  const base = { type: 'scaledobject-resume' as const, target };
  const soRef = scaledObjectRef(target.namespace, target.name);
  const so = target.kind === 'ScaledObject' ? indexOf(s).get('scaledobjects', target.namespace, target.name) : undefined;
  const summary = `Resume ScaledObject ${target.namespace}/${target.name}: remove its pause annotations`;
  const preflight = [kedaInstalled(s), kedaOperatorReady(s)];
  if (!so) {
    preflight.unshift(check('scaledobject-found', false, `ScaledObject ${target.namespace}/${target.name} does not exist.`, true, 'Pick an existing ScaledObject.'));
    return { ...base, summary, preflight, steps: [], touches: [soRef] };
  }
  const annotations = stringMap(so.metadata.annotations);
  const present = PAUSE_ANNOTATIONS.filter((a) => annotations[a] !== undefined);
  const found = canaryOf(s, so);
  const note = flaggerNote(found, soRef.name);
  preflight.unshift(check('paused', present.length > 0,
    present.length ? `ScaledObject ${target.namespace}/${target.name} carries ${present.map((a) => `${a}: "${annotations[a]}"`).join(', ')}.${note}` : `ScaledObject ${target.namespace}/${target.name} carries no pause annotation.`,
    true, 'Nothing to resume.'));
  if (found?.side === 'canary') preflight.push(check('flagger-managed', false, note.trim(), false, 'Resume the canary side only if you mean to run the canary Deployment before the next promotion.'));
  if (present.length === 0) return { ...base, summary, preflight, steps: [], touches: [soRef] };
  const rv = so.metadata.resourceVersion;
  const patch: JsonValue[] = [
    ...(rv ? [{ op: 'test', path: '/metadata/resourceVersion', value: rv }] : []),
    ...present.flatMap((a): JsonValue[] => [{ op: 'test', path: annotationPointer(a), value: annotations[a]! }, { op: 'remove', path: annotationPointer(a) }]),
  ];
  const op: Operation = { kind: 'patch', target: soRef, patchType: 'json', patch, precondition: { uid: so.metadata.uid, resourceVersion: rv }, after: so };
  const hpaName = str(at(so.status, 'hpaName')) || ScaledObject.hpaName(so);
  const hRef = hpaRef(target.namespace, hpaName);
  const full = present.includes(PAUSED_REPLICAS_ANNOTATION) || present.includes(PAUSED_ANNOTATION);
  const postConditions: PostCondition[] = [
    ...present.map((a) => ({ kind: 'annotation-absent' as const, target: soRef, annotation: a, description: `ScaledObject ${soRef.name} carries no ${a}` })),
    // Only a full pause sets KEDA's Paused condition (scale-in/out pauses keep the HPA).
    ...(full ? [{ kind: 'condition' as const, target: soRef, type: 'Paused', status: 'False' as const, description: `KEDA reports ScaledObject ${soRef.name} not paused` }] : []),
    { kind: 'exists', target: hRef, description: `KEDA's HPA ${hpaName} exists` },
    { kind: 'owned-by', target: hRef, owner: { kind: 'ScaledObject', name: soRef.name }, description: `HPA ${hpaName} is owned by ScaledObject ${soRef.name}` },
  ];
  const step: PlanStep = {
    index: 0,
    id: 'resume-scaledobject',
    title: `Remove ${present.join(', ')} from ScaledObject ${soRef.name}`,
    description:
      `Patches ScaledObject ${target.namespace}/${soRef.name} (JSON patch: tests the resourceVersion ${rv ?? '(unknown)'} and each annotation's value, then removes ${present.join(', ')}). ` +
      (full ? `While paused, KEDA deleted HPA ${hpaName} and held ${ScaledObject.scaleTarget(so)?.name ?? 'the target'} at its replica count; without the annotation the operator recreates HPA ${hpaName} and scaling follows the triggers again. ` : `The HPA stays; the disabled scaling direction comes back. `) +
      `Waits until KEDA reports Paused=False and HPA ${hpaName} exists, owned by the ScaledObject.${note} Undo: restore the ScaledObject from the backup (the annotations come back and KEDA pauses it again).`,
    operations: [{ ...op, after: applyOperation(so, op) ?? so }],
    inverse: [{ kind: 'restore-backup', target: soRef }],
    postConditions,
    timeoutSeconds: 120,
  };
  return { ...base, summary, preflight, steps: [step], touches: [soRef, hRef] };
}
