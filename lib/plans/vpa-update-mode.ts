/**
 * Action `vpa-update-mode` (design §5): change how a VerticalPodAutoscaler applies its
 * recommendations — e.g. `Recreate` → `InPlaceOrRecreate` (seed 001). The target is the VPA (or a
 * workload: its controlling VPA); the new mode comes from `options.updateMode`. Without one, the
 * plan proposes `Off` for a VPA that fights an HPA on the same resource (the remedy of finding
 * `vpa-hpa-same-resource`), `InPlaceOrRecreate` for one in `Recreate`/`Auto`, and otherwise asks.
 *
 * One step: a JSON merge patch of `spec.updatePolicy.updateMode`, preconditioned on the VPA's uid
 * and resourceVersion; post-condition: the field holds the new mode. Undo: restore the VPA from
 * the backup. The change takes effect at the updater's next loop (1 minute by default); nothing is
 * evicted or resized by the patch itself.
 */
import { buildScalingGraph } from '../graph/scaling-graph';
import { ObjectRef, type KubeObject } from '../k8s/object';
import { targetKey } from '../k8s/scale-target';
import { Vpa, VPA_GVK } from '../k8s/vpa';
import { vpaHpaSameResource } from '../rules/vpa-hpa-same-resource';
import { NO_HISTORY } from '../rules/types';
import type { Snapshot } from '../snapshot';
import { indexOf } from '../snapshot-index';
import { controllingVpa, IN_PLACE_MODES } from '../vpa/status';
import { applyOperation } from './apply';
import { check } from './preflight';
import { show, uniqueRefs } from './refs';
import type { Operation, Plan, PlanFacts, PlanOptions, PlanStep, PlanTarget, PreflightCheck } from './types';
import { crdAcceptsMode, modeValid, resizePolicyCheck, restartWarning, serverSupportsInPlace } from './vpa-update-mode-preflight';

const VPA_KIND = VPA_GVK.kind;
const API_VERSION = `${VPA_GVK.group}/${VPA_GVK.version}`;

function findVpa(s: Snapshot, target: PlanTarget): KubeObject | undefined {
  if (target.kind === VPA_KIND) return indexOf(s).get('vpas', target.namespace, target.name);
  const on = s.objects.vpas.filter((v) => {
    const t = Vpa.target(v);
    return t && t.namespace === target.namespace && t.kind === target.kind && t.name === target.name;
  });
  return controllingVpa(on);
}

/** `options.updateMode`, read defensively (options travel as JSON). */
function requestedMode(options: PlanOptions): string | undefined {
  return typeof options.updateMode === 'string' ? options.updateMode : undefined;
}

/** The VPA with another mode, as the snapshot would hold it after the patch. */
function withMode(s: Snapshot, vpa: KubeObject, after: KubeObject): Snapshot {
  return { ...s, objects: { ...s.objects, vpas: s.objects.vpas.map((v) => (v === vpa ? after : v)) } };
}

function sameResourceFindings(s: Snapshot, vpa: KubeObject, now: string) {
  const key = ObjectRef.key(ObjectRef.of(vpa));
  return vpaHpaSameResource.check(s, { now, graph: buildScalingGraph(s), history: NO_HISTORY }).filter((f) => f.subjects.some((r) => ObjectRef.key(r) === key));
}

/** The mode to plan for, and why when it was not asked for. */
function chooseMode(s: Snapshot, vpa: KubeObject, options: PlanOptions, now: string): { mode: string; why?: string } {
  const asked = requestedMode(options);
  if (asked !== undefined) return { mode: asked };
  if (sameResourceFindings(s, vpa, now).length) return { mode: 'Off', why: 'No mode was given: Off, the remedy of finding vpa-hpa-same-resource (the VPA keeps recommending, the HPA alone acts).' };
  if (Vpa.effectiveMode(vpa) === 'Recreate') return { mode: 'InPlaceOrRecreate', why: 'No mode was given: InPlaceOrRecreate, which resizes pods in place and evicts only when that fails.' };
  return { mode: '', why: 'No mode was given.' };
}

const EFFECT: Record<string, string> = {
  Off: 'The recommender keeps writing recommendations; no pod is changed any more, at creation or later.',
  Initial: 'Recommendations are applied only when a pod is created (by the admission controller); running pods are left alone.',
  Recreate: 'The updater evicts pods whose requests are outside the recommended range; their replacements get the recommendation at admission.',
  Auto: 'Auto is a deprecated alias of Recreate: the updater evicts pods to apply recommendations.',
  InPlaceOrRecreate: 'The updater resizes running pods in place through the pods/resize subresource and evicts a pod only when its resize is Infeasible, fails, or stays Deferred for 5 minutes or InProgress for an hour.',
  InPlace: 'The updater resizes running pods in place and never evicts: a resize that cannot be applied waits.',
};

/** The `vpa-update-mode` planner. */
export function planVpaUpdateMode(s: Snapshot, target: PlanTarget, facts: PlanFacts, options: PlanOptions): Plan {
  const base = { type: 'vpa-update-mode' as const, target };
  const vpa = findVpa(s, target);
  if (!vpa) {
    const what = target.kind === VPA_KIND ? `VerticalPodAutoscaler ${target.namespace}/${target.name} does not exist.` : `No VerticalPodAutoscaler targets ${target.kind} ${target.namespace}/${target.name}.`;
    return { ...base, summary: `Change a VPA's update mode: ${what}`, preflight: [check('vpa-found', false, what, true, 'Pick an existing VPA (the VPA page lists them).')], steps: [], touches: [] };
  }
  const ns = vpa.metadata.namespace ?? target.namespace;
  const name = vpa.metadata.name ?? '';
  const ref: ObjectRef = { apiVersion: API_VERSION, kind: VPA_KIND, namespace: ns, name };
  const current = Vpa.updateMode(vpa);
  const { mode, why } = chooseMode(s, vpa, options, facts.now);
  const t = Vpa.target(vpa);
  const workload = t ? buildScalingGraph(s).nodes.get(targetKey(t))?.object : undefined;
  const preflight: PreflightCheck[] = [
    check('vpa-found', true, `${show(ref)} targets ${t ? `${t.kind} ${t.name}` : 'nothing readable'}; its mode is ${current}${current === 'Auto' ? ' (deprecated alias of Recreate)' : ''}.${why ? ` ${why}` : ''}`, true),
    modeValid(mode),
  ];
  const changes = mode !== current;
  preflight.push(check('mode-changes', changes, changes ? `The mode changes from ${current} to ${mode}.` : `${show(ref)} is already in mode ${mode}.`, true, 'Nothing to change.'));
  const touches = uniqueRefs([ref, ...(workload ? [ObjectRef.of(workload)] : [])]);
  if (preflight.some((c) => c.blocking && !c.ok)) return { ...base, summary: `Set ${show(ref)} to ${mode || '(no mode)'}: not possible`, preflight, steps: [], touches };

  preflight.push(crdAcceptsMode(s, mode));
  if (IN_PLACE_MODES.includes(mode)) {
    preflight.push(serverSupportsInPlace(facts.serverVersion, mode), resizePolicyCheck(vpa, workload), restartWarning(mode));
  } else if (IN_PLACE_MODES.includes(current) && (mode === 'Recreate' || mode === 'Auto')) {
    preflight.push(check('evictions-ahead', false, `From ${current} to ${mode}: the updater will evict pods instead of resizing them in place; every update of a pod is a restart of the whole pod.`, false, 'Make sure PodDisruptionBudgets allow evictions at the pace you want.'));
  }
  const patch = { spec: { updatePolicy: { updateMode: mode } } };
  const op: Operation = { kind: 'patch', target: ref, patchType: 'merge', patch, precondition: { uid: vpa.metadata.uid, resourceVersion: vpa.metadata.resourceVersion }, after: vpa };
  const after = applyOperation(vpa, op) ?? vpa;
  if (mode !== 'Off') {
    const fights = sameResourceFindings(withMode(s, vpa, after), after, facts.now);
    preflight.push(check('no-hpa-on-same-resource', fights.length === 0,
      fights.length ? `In mode ${mode} ${fights[0]!.message.replace(/`/g, '')}.` : `No HPA or ScaledObject scales ${t ? `${t.kind} ${t.name}` : 'the target'} on a resource this VPA controls.`,
      false, 'Limit the VPA to the other resource (resourcePolicy controlledResources), or keep it Off.'));
  }
  const step: PlanStep = {
    index: 0,
    id: 'set-update-mode',
    title: `Set VPA ${name} to ${mode}`,
    description:
      `Patches ${show(ref)} (JSON merge patch, preconditioned on its resourceVersion ${vpa.metadata.resourceVersion ?? '(unknown)'}): spec.updatePolicy.updateMode becomes ${mode} instead of ${current}. ` +
      `${EFFECT[mode] ?? ''} The patch itself changes no pod; the updater acts on its next loop (every minute by default). ` +
      `Waits until the field holds ${mode}. Undo: restore the VPA from the backup.`,
    operations: [{ ...op, after }],
    inverse: [{ kind: 'restore-backup', target: ref }],
    postConditions: [{ kind: 'field', target: ref, path: ['spec', 'updatePolicy', 'updateMode'], equals: mode, description: `VPA ${name} has updateMode ${mode}` }],
    timeoutSeconds: 60,
  };
  const refused = preflight.some((c) => c.blocking && !c.ok);
  return { ...base, summary: `Set ${show(ref)} from ${current} to ${mode}${refused ? ': not possible' : ''}`, preflight, steps: refused ? [] : [step], touches };
}
