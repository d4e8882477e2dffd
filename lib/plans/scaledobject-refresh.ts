/**
 * Action `scaledobject-refresh` (design §5, seed 002, keda#5915): make KEDA rebuild one
 * ScaledObject's scalers — and so re-read the `*FromEnv` values of its target's pod template — by
 * a semantically neutral spec change that bumps its generation: a field KEDA defaults in code
 * (not in the CRD, so the API server keeps what is written) toggled between unset and that default.
 * Nothing else in the cluster is touched; `keda-operator-restart` rebuilds every ScaledObject.
 *
 * Post-conditions: the generation moved on, KEDA reports Ready, and the `scaledobject-stale-env`
 * finding is gone. When every candidate field holds a non-default value no neutral change exists:
 * the plan is blocked and points at `keda-operator-restart`.
 */
import { at, int } from '../k8s/fields';
import type { KubeObject, ObjectRef } from '../k8s/object';
import { ScaledObject } from '../k8s/scaled-object';
import type { Snapshot } from '../snapshot';
import { indexOf } from '../snapshot-index';
import { applyOperation } from './apply';
import { check, kedaInstalled, kedaOperatorReady } from './preflight';
import { scaledObjectRef, workloadRef } from './refs';
import type { Operation, Plan, PlanTarget, Planner, PreflightCheck } from './types';

/** Fields KEDA defaults in its controllers when unset (upstream `defaultPollingInterval`, `defaultCooldownPeriod`, the CRD's max 100). */
export const NEUTRAL_FIELDS: readonly { field: string; default: number }[] = [
  { field: 'pollingInterval', default: 30 },
  { field: 'cooldownPeriod', default: 300 },
  { field: 'maxReplicaCount', default: 100 },
];

/** The neutral change for a ScaledObject: `spec.<field>` from unset to its default, or back. */
export interface NeutralToggle {
  field: string;
  /** The value now; undefined = unset. */
  from: number | undefined;
  to: number | undefined;
  /** The JSON merge patch (`null` unsets). */
  patch: { spec: Record<string, number | null> };
}

/** The first field that is unset or at its default, toggled; undefined when none is. */
export function neutralToggle(so: KubeObject): NeutralToggle | undefined {
  for (const { field, default: def } of NEUTRAL_FIELDS) {
    const raw = at(so.spec, field);
    const value = int(raw);
    if (raw === undefined || raw === null) return { field, from: undefined, to: def, patch: { spec: { [field]: def } } };
    if (value === def) return { field, from: def, to: undefined, patch: { spec: { [field]: null } } };
  }
  return undefined;
}

/** `spec.pollingInterval: unset → 30` */
export function describeToggle(t: NeutralToggle): string {
  return `spec.${t.field}: ${t.from ?? 'unset'} → ${t.to ?? 'unset'}`;
}

/** The ScaledObject a target names: itself, or the one scaling a named workload. */
export function scaledObjectFor(s: Snapshot, target: PlanTarget): KubeObject | undefined {
  if (target.kind === 'ScaledObject') return indexOf(s).get('scaledobjects', target.namespace, target.name);
  return indexOf(s).inNamespace('scaledobjects', target.namespace).find((so) => {
    const t = ScaledObject.scaleTarget(so);
    return t?.kind === target.kind && t.name === target.name;
  });
}

/** A reference to a ScaledObject as the plans write it. */
export function soRefOf(so: KubeObject): ObjectRef {
  return scaledObjectRef(so.metadata.namespace ?? '', so.metadata.name ?? '');
}

/** Plans the refresh of one ScaledObject. */
export const planScaledObjectRefresh: Planner = (s, target) => {
  const so = scaledObjectFor(s, target);
  const name = `${target.namespace}/${target.name}`;
  const base = { type: 'scaledobject-refresh' as const, target };
  if (!so) {
    return { ...base, summary: `Refresh KEDA's scalers of ${name}`, steps: [], touches: [],
      preflight: [check('scaledobject-found', false, `No ScaledObject ${target.kind === 'ScaledObject' ? name : `scales ${target.kind} ${name}`} in the cluster.`, true, 'Pick an existing ScaledObject (the KEDA page lists them).')] };
  }
  const ref = soRefOf(so);
  const soName = `${ref.namespace}/${ref.name}`;
  const toggle = neutralToggle(so);
  const generation = so.metadata.generation ?? 1;
  const workload = ScaledObject.scaleTarget(so);
  const wRef = workload ? workloadRef(workload) : undefined;
  const paused = ScaledObject.pause(so);
  const preflight: PreflightCheck[] = [
    check('scaledobject-found', true, `ScaledObject ${soName} is at generation ${generation}.`, true),
    kedaInstalled(s),
    kedaOperatorReady(s),
    toggle
      ? check('neutral-change', true, `${describeToggle(toggle)}: KEDA treats an unset ${toggle.field} as ${NEUTRAL_FIELDS.find((f) => f.field === toggle.field)!.default}, so only the generation changes.`, true)
      : check('neutral-change', false, `pollingInterval, cooldownPeriod and maxReplicaCount of ${soName} all hold non-default values: no change is neutral.`, true, 'Use the action keda-operator-restart instead (it rebuilds the scalers of every ScaledObject).'),
    check('not-paused', !paused, paused ? `ScaledObject ${soName} carries ${paused.annotation}: "${paused.value}": KEDA rebuilds its scalers only when it is resumed.` : `ScaledObject ${soName} is not paused.`, false, 'Resume the ScaledObject (action scaledobject-resume) for the refresh to take effect.'),
  ];
  const op: Operation | undefined = toggle && {
    kind: 'patch', target: ref, patchType: 'merge', patch: toggle.patch,
    precondition: { ...(so.metadata.uid ? { uid: so.metadata.uid } : {}), ...(so.metadata.resourceVersion ? { resourceVersion: so.metadata.resourceVersion } : {}) },
    after: so,
  };
  const plan: Plan = {
    ...base,
    summary: toggle
      ? `Make KEDA rebuild the scalers of ScaledObject ${soName} by a neutral spec change (${describeToggle(toggle)}) that bumps its generation to ${generation + 1}; no other ScaledObject is touched.`
      : `Make KEDA rebuild the scalers of ScaledObject ${soName} (no neutral change is possible).`,
    preflight,
    touches: wRef ? [ref, wRef] : [ref],
    steps: toggle && op ? [{
      index: 0,
      id: 'bump-generation',
      title: `Bump the generation of ScaledObject ${soName}`,
      description: `KEDA rebuilds a ScaledObject's scalers — re-reading every *FromEnv value from the pod template — when its generation changes. ${describeToggle(toggle)} is neutral: KEDA uses ${NEUTRAL_FIELDS.find((f) => f.field === toggle.field)!.default} when the field is unset.`,
      operations: [{ ...op, after: applyOperation(so, op) ?? so }],
      inverse: [{ kind: 'restore-backup', target: ref }],
      postConditions: [
        { kind: 'field', target: ref, path: ['metadata', 'generation'], equals: generation + 1, description: `ScaledObject ${soName} is at generation ${generation + 1}` },
        { kind: 'condition', target: ref, type: 'Ready', status: 'True', description: `KEDA reports ScaledObject ${soName} Ready` },
        { kind: 'no-findings', subjects: wRef ? [ref, wRef] : [ref], rules: ['scaledobject-stale-env'], description: `No scaledobject-stale-env finding on ScaledObject ${soName}: KEDA's scalers use the current environment` },
      ],
      timeoutSeconds: 120,
    }] : [],
  };
  return plan;
};
