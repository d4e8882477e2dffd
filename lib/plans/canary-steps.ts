/**
 * The steps of `canary-hpa-to-scaledobject`, for Flagger releases with PR #1677 (≥ 1.38.0) and
 * before it. See the header of canary-hpa-to-scaledobject.ts for why the two paths differ.
 */
import type { JsonValue, KubeObject, ObjectRef } from '../k8s/object';
import { PAUSED_ANNOTATION, PAUSED_REPLICAS_ANNOTATION, TRANSFER_HPA_OWNERSHIP_ANNOTATION } from '../k8s/scaled-object';
import { mergePatch } from './patch';
import { annotationPointer, show } from './refs';
import { CANARY_MIGRATION_RULES } from './rules';
import { applyOperation } from './apply';
import type { Inverse, Operation, PlanStep, PostCondition } from './types';

/** Everything the steps name. */
export interface CanaryNames {
  ns: string;
  canary: ObjectRef;
  canaryObj: KubeObject;
  workload: ObjectRef;
  primaryWorkload: ObjectRef;
  hpa: ObjectRef;
  primaryHpa: ObjectRef;
  so: ObjectRef;
  primarySo: ObjectRef;
  /** KEDA's default HPA names, used on the path for Flagger before #1677. */
  kedaHpa: ObjectRef;
  kedaPrimaryHpa: ObjectRef;
  /** Seconds to wait for Flagger: a few of the Canary's analysis intervals. */
  flaggerWaitS: number;
  release: string | undefined;
}

const ADOPT_TIMEOUT_S = 120;
type Step = Omit<PlanStep, 'index'>;

const owned = (hpa: ObjectRef, so: ObjectRef, still = false): PostCondition => ({
  kind: 'owned-by', target: hpa, owner: { kind: 'ScaledObject', name: so.name }, description: `HPA ${hpa.name} is ${still ? 'still ' : ''}owned by ScaledObject ${so.name}`,
});
const ready = (so: ObjectRef): PostCondition => ({ kind: 'condition', target: so, type: 'Ready', status: 'True', description: `ScaledObject ${so.name} is Ready` });
const absent = (ref: ObjectRef): PostCondition => ({ kind: 'absent', target: ref, description: `${ref.kind} ${ref.name} is gone` });

/** What a step that is already in effect says instead of writing. */
const DONE = (what: string) => ` Already in effect: ${what} (an earlier run of this migration did it), so this step writes nothing and only checks.`;

export function createCanaryScaledObject(n: CanaryNames, so: KubeObject, done = false): Step {
  return {
    id: 'create-scaledobject',
    title: `Create ScaledObject ${n.so.name} adopting HPA ${n.hpa.name}`,
    description:
      `Creates ScaledObject ${n.ns}/${n.so.name} for the canary Deployment ${n.workload.name} with scaledobject.keda.sh/transfer-hpa-ownership: "true" and advanced.horizontalPodAutoscalerConfig.name: ${n.hpa.name}, the bounds, behavior and metrics of HPA ${n.hpa.name} as triggers. ` +
      `KEDA's webhook admits it because the annotation names the HPA to take over, and the operator rewrites HPA ${n.hpa.name} in place with itself as owner. The Canary still points at the HPA, so Flagger is not involved yet. ` +
      `KEDA counts cpu/memory triggers as always active, so it scales the idle canary Deployment from 0 to ${String((so.spec as { minReplicaCount?: number }).minReplicaCount ?? 1)} replicas; Flagger scales it back to 0 and pauses ${n.so.name} at the end of the next promotion. ` +
      `Undo: delete ${n.so.name} with propagationPolicy Orphan and restore HPA ${n.hpa.name} from the backup without ownerReferences.` +
      (done ? DONE(`ScaledObject ${n.so.name} exists and owns its HPA`) : ''),
    operations: done ? [] : [{ kind: 'create', object: so }],
    inverse: [{ kind: 'delete-created', target: n.so, propagationPolicy: 'Orphan' }, { kind: 'restore-backup', target: n.hpa, dropOwnerReferences: true }],
    postConditions: [owned(n.hpa, n.so), ready(n.so)],
    timeoutSeconds: ADOPT_TIMEOUT_S,
  };
}

/** The Canary's autoscalerRef becomes the ScaledObject (merge patch; resourceVersion in the body makes the server refuse a stale write). */
export function patchCanary(n: CanaryNames, copies: boolean, primaryHpaAfter: ObjectRef): Step {
  const rv = n.canaryObj.metadata.resourceVersion;
  const ref = { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', name: n.so.name };
  const patch: { [k: string]: JsonValue } = { spec: { autoscalerRef: ref } };
  if (rv) patch.metadata = { resourceVersion: rv };
  const after = mergePatch(n.canaryObj as unknown as JsonValue, patch) as unknown as KubeObject;
  const field: PostCondition = { kind: 'field', target: n.canary, path: ['spec', 'autoscalerRef', 'kind'], equals: 'ScaledObject', description: `Canary ${n.canary.name} names ScaledObject ${n.so.name} as its autoscaler` };
  if (copies) {
    return {
      id: 'patch-canary-autoscalerref',
      title: `Point Canary ${n.canary.name} at ScaledObject ${n.so.name}`,
      description:
        `Patches Canary ${n.ns}/${n.canary.name}: spec.autoscalerRef becomes {apiVersion: keda.sh/v1alpha1, kind: ScaledObject, name: ${n.so.name}} (merge patch, refused if the Canary changed since planning). ` +
        `At its next run (within one analysis interval) Flagger ${n.release ?? ''} creates ${n.primarySo.name} for ${n.primaryWorkload.name}, copying ${n.so.name}'s annotations — the transfer annotation included (flagger PR #1677) — and naming its HPA ${n.primaryHpa.name}, so KEDA adopts the HPA Flagger made earlier instead of being refused (flagger#1646). ` +
        `Waits until ${n.primarySo.name} is Ready and owns HPA ${n.primaryHpa.name}. Undo: restore the Canary from the backup, delete ${n.primarySo.name} with propagationPolicy Orphan and restore HPA ${n.primaryHpa.name} from the backup (its ownerReference to the Canary included).`,
      operations: [{ kind: 'patch', target: n.canary, patchType: 'merge', patch, precondition: { uid: n.canaryObj.metadata.uid, resourceVersion: rv }, after }],
      inverse: [
        { kind: 'restore-backup', target: n.canary },
        { kind: 'delete-created', target: n.primarySo, propagationPolicy: 'Orphan' },
        // Flagger's HPA: its ownerReference to the Canary comes back as backed up.
        { kind: 'restore-backup', target: n.primaryHpa, dropOwnerReferences: true },
      ],
      postConditions: [field, { kind: 'exists', target: n.primarySo, description: `Flagger created ScaledObject ${n.primarySo.name}` }, owned(n.primaryHpa, n.primarySo), ready(n.primarySo)],
      timeoutSeconds: n.flaggerWaitS,
    };
  }
  return {
    id: 'patch-canary-autoscalerref',
    title: `Point Canary ${n.canary.name} at ScaledObject ${n.so.name}`,
    description:
      `Patches Canary ${n.ns}/${n.canary.name}: spec.autoscalerRef becomes {apiVersion: keda.sh/v1alpha1, kind: ScaledObject, name: ${n.so.name}} (merge patch, refused if the Canary changed since planning). ` +
      `${n.primarySo.name} exists already and equals what this Flagger release computes from ${n.so.name}, so Flagger finds nothing to create and, at later promotions, nothing to rewrite. ` +
      `Waits for a Flagger run, then checks ${n.primarySo.name} is still Ready and owns ${primaryHpaAfter.name}. ` +
      `Undo: first give both ScaledObjects their HPA names back (the undo of the step before) and wait until KEDA has renamed the HPAs to ${n.hpa.name} and ${n.primaryHpa.name}, then restore the Canary from the backup — pointed back at an HPA that does not exist yet, Flagger would make ${n.primaryHpa.name} itself and KEDA could not take it back.`,
    operations: [{ kind: 'patch', target: n.canary, patchType: 'merge', patch, precondition: { uid: n.canaryObj.metadata.uid, resourceVersion: rv }, after }],
    inverse: [...restoreHpaNames(n), { kind: 'restore-backup', target: n.canary }],
    postConditions: [field, owned(primaryHpaAfter, n.primarySo, true), ready(n.primarySo)],
    timeoutSeconds: n.flaggerWaitS,
  };
}

export function createPrimaryScaledObject(n: CanaryNames, primary: KubeObject, done = false): Step {
  return {
    id: 'create-primary-scaledobject',
    title: `Create ScaledObject ${n.primarySo.name} adopting HPA ${n.primaryHpa.name}`,
    description:
      `${n.release ? `Flagger ${n.release} predates` : 'The Flagger release is unknown, so the plan assumes it predates'} PR #1677: it would create ${n.primarySo.name} without the canary ScaledObject's annotations and with HPA name ${n.hpa.name} unchanged, which KEDA's webhook refuses because HPA ${n.primaryHpa.name} still scales ${n.primaryWorkload.name} (flagger#1646), every analysis interval. ` +
      `So this step creates ${n.primarySo.name} itself, as Flagger would (target ${n.primaryWorkload.name}, same triggers and bounds, owned by Canary ${n.canary.name}), plus the transfer annotation and advanced.horizontalPodAutoscalerConfig.name: ${n.primaryHpa.name}: KEDA adopts the HPA that scales the primary now, so the serving side never goes without one. ` +
      `Undo: delete ${n.primarySo.name} with propagationPolicy Orphan and restore HPA ${n.primaryHpa.name} from the backup (its ownerReference to the Canary included).` +
      (done ? DONE(`ScaledObject ${n.primarySo.name} exists and owns its HPA`) : ''),
    operations: done ? [] : [{ kind: 'create', object: primary }],
    inverse: [{ kind: 'delete-created', target: n.primarySo, propagationPolicy: 'Orphan' }, { kind: 'restore-backup', target: n.primaryHpa, dropOwnerReferences: true }],
    postConditions: [owned(n.primaryHpa, n.primarySo), ready(n.primarySo)],
    timeoutSeconds: ADOPT_TIMEOUT_S,
  };
}

/**
 * Undo of the HPA renaming: both ScaledObjects get their HPA names back, the primary's first. While
 * the Canary still names HPA `<hpa>`, Flagger makes `<hpa>-primary` itself as soon as `<hpa>` is
 * back and `<hpa>-primary` is not; an HPA Flagger controls cannot be taken by KEDA. So `<hpa>-primary`
 * must be KEDA's again before `<hpa>` reappears.
 */
function restoreHpaNames(n: CanaryNames): Inverse[] {
  return [
    { kind: 'restore-backup', target: n.primarySo },
    { kind: 'await', conditions: [owned(n.primaryHpa, n.primarySo), absent(n.kedaPrimaryHpa)] },
    { kind: 'restore-backup', target: n.so },
    { kind: 'await', conditions: [owned(n.hpa, n.so), absent(n.kedaHpa)] },
  ];
}

/** JSON patch dropping the HPA name (guarded by a `test` of it) and the transfer annotation. */
function dropHpaName(so: KubeObject, hpaName: string): JsonValue[] {
  const cfg = ((so.spec as { advanced?: { horizontalPodAutoscalerConfig?: object } }).advanced?.horizontalPodAutoscalerConfig ?? {}) as Record<string, unknown>;
  const advanced = (so.spec as { advanced?: Record<string, unknown> }).advanced ?? {};
  const onlyName = Object.keys(cfg).length === 1 && Object.keys(advanced).length === 1;
  return [
    { op: 'test', path: '/spec/advanced/horizontalPodAutoscalerConfig/name', value: hpaName },
    { op: 'remove', path: onlyName ? '/spec/advanced' : '/spec/advanced/horizontalPodAutoscalerConfig/name' },
    { op: 'test', path: annotationPointer(TRANSFER_HPA_OWNERSHIP_ANNOTATION), value: 'true' },
    { op: 'remove', path: annotationPointer(TRANSFER_HPA_OWNERSHIP_ANNOTATION) },
  ];
}

/** The rename patch of one ScaledObject as an operation, `after` computed by applying it. */
function dropHpaNameOp(ref: ObjectRef, obj: KubeObject, hpaName: string): Operation | undefined {
  if ((obj.spec as { advanced?: { horizontalPodAutoscalerConfig?: { name?: unknown } } } | undefined)?.advanced?.horizontalPodAutoscalerConfig?.name !== hpaName) return undefined;
  const patch = dropHpaName(obj, hpaName);
  const op: Operation = { kind: 'patch', target: ref, patchType: 'json', patch, precondition: {}, after: obj };
  return { ...op, after: applyOperation(obj, op) ?? obj };
}

export function defaultHpaNamesStep(n: CanaryNames, so: KubeObject, primary: KubeObject): Step {
  return {
    id: 'use-default-hpa-names',
    title: `Let KEDA name the HPAs ${n.kedaHpa.name} and ${n.kedaPrimaryHpa.name}`,
    description:
      `Before PR #1677 Flagger copies spec.advanced of ${n.so.name} to ${n.primarySo.name} unchanged, and at every promotion rewrites ${n.primarySo.name} when it differs. If ${n.so.name} kept horizontalPodAutoscalerConfig.name: ${n.hpa.name}, that rewrite would give both ScaledObjects the HPA name ${n.hpa.name}; KEDA's webhook refuses it ("the HPA '${n.hpa.name}' is already managed by the ScaledObject '${n.so.name}'") and the Canary would stay in Promoting with a Warning every interval. ` +
      `So this step removes the HPA name (and the transfer annotation, whose job is done) from both ScaledObjects: ${n.primarySo.name} then equals exactly what Flagger computes from ${n.so.name}, and KEDA renames the adopted HPAs to its defaults — it deletes ${n.hpa.name} and ${n.primaryHpa.name} and creates ${n.kedaHpa.name} and ${n.kedaPrimaryHpa.name} with the same bounds, behavior and metrics, in one reconcile each, so each Deployment has exactly one HPA throughout and keeps its replicas. ` +
      `Each patch first tests that the HPA name is still ${n.hpa.name} / ${n.primaryHpa.name}. Undo: restore both ScaledObjects from the backup, ${n.primarySo.name} first, waiting each time until KEDA has renamed its HPA back — ${n.primaryHpa.name} must be KEDA's again before ${n.hpa.name} reappears, or Flagger would make ${n.primaryHpa.name} itself.`,
    // A ScaledObject that names no HPA any more was renamed by an earlier run: nothing to write for it.
    operations: [dropHpaNameOp(n.so, so, n.hpa.name), dropHpaNameOp(n.primarySo, primary, n.primaryHpa.name)].filter((op): op is Operation => !!op),
    inverse: restoreHpaNames(n),
    postConditions: [owned(n.kedaHpa, n.so), owned(n.kedaPrimaryHpa, n.primarySo), absent(n.hpa), absent(n.primaryHpa), ready(n.so), ready(n.primarySo)],
    undoPostConditions: [owned(n.hpa, n.so), owned(n.primaryHpa, n.primarySo), absent(n.kedaHpa), absent(n.kedaPrimaryHpa)],
    timeoutSeconds: ADOPT_TIMEOUT_S,
  };
}

export function checkPrimaryNotPaused(n: CanaryNames): Step {
  return {
    id: 'check-primary-not-paused',
    title: `Check ScaledObject ${n.primarySo.name} is not paused`,
    description:
      `Changes nothing. A primary ScaledObject created while the canary ScaledObject carries ${PAUSED_REPLICAS_ANNOTATION} inherits the pause on releases that copy annotations, and Flagger never removes it from the primary (flagger#1934): KEDA would delete the primary's HPA and hold ${n.primaryWorkload.name} at the paused count. ` +
      `If this check fails, run the action scaledobject-resume on ScaledObject ${n.ns}/${n.primarySo.name}.`,
    operations: [],
    inverse: [],
    postConditions: [PAUSED_REPLICAS_ANNOTATION, PAUSED_ANNOTATION].map((a) => ({ kind: 'annotation-absent' as const, target: n.primarySo, annotation: a, description: `ScaledObject ${n.primarySo.name} carries no ${a}` })),
    timeoutSeconds: 30,
  };
}

export function verifyCanary(n: CanaryNames, hpaAfter: ObjectRef, primaryHpaAfter: ObjectRef): Step {
  return {
    id: 'verify',
    title: `Verify both sides of Canary ${n.canary.name} scale through ScaledObjects`,
    description:
      `Changes nothing. Checks that HPA ${hpaAfter.name} is owned by ScaledObject ${n.so.name}, HPA ${primaryHpaAfter.name} by ${n.primarySo.name}, the Canary names ${n.so.name}, and that no finding of ${CANARY_MIGRATION_RULES.join(', ')} remains on ${show(n.workload)} or ${show(n.primaryWorkload)}. ` +
      `From now on edit ScaledObject ${n.so.name}: Flagger copies it to ${n.primarySo.name}.`,
    operations: [],
    inverse: [],
    postConditions: [
      owned(hpaAfter, n.so, true),
      owned(primaryHpaAfter, n.primarySo, true),
      { kind: 'field', target: n.canary, path: ['spec', 'autoscalerRef', 'name'], equals: n.so.name, description: `Canary ${n.canary.name} names ScaledObject ${n.so.name}` },
      { kind: 'no-findings', subjects: [n.workload, n.primaryWorkload], rules: [...CANARY_MIGRATION_RULES], description: `No ${CANARY_MIGRATION_RULES.join(' / ')} finding on ${n.workload.name} or ${n.primaryWorkload.name}` },
    ],
    timeoutSeconds: ADOPT_TIMEOUT_S,
  };
}
