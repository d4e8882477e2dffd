/**
 * Migration `hpa-to-scaledobject` (design §5): a workload scaled by a native HPA, and no Canary,
 * moves to a KEDA ScaledObject that *adopts* the HPA instead of adding its own. The ScaledObject
 * carries `scaledobject.keda.sh/transfer-hpa-ownership: "true"` and names the HPA in
 * `advanced.horizontalPodAutoscalerConfig.name`, so KEDA's webhook admits it and the operator
 * rewrites that very HPA (uid kept) with the triggers and makes itself its owner: at no moment do
 * two HPAs claim the workload (which would stop scaling altogether, `AmbiguousSelector`).
 *
 * Rollback deletes the ScaledObject with `propagationPolicy: Orphan` (its finalizer lets KEDA let
 * go; the HPA survives) and restores the HPA from the backup without ownerReferences.
 */
import { sources } from '../graph/scaling-graph';
import { Hpa } from '../k8s/hpa';
import type { KubeObject, ObjectRef } from '../k8s/object';
import type { Snapshot } from '../snapshot';
import { indexOf } from '../snapshot-index';
import { check, containerRequests, hpaHealthy, kedaInstalled, kedaOperatorReady, metricsConvertible, webhookAdmits, webhookRegistered } from './preflight';
import { hpaRef, scaledObjectRef, show, uniqueRefs, workloadRef } from './refs';
import { HPA_MIGRATION_RULES } from './rules';
import { buildScaledObject, graphOf, hpaBounds, hpasScaling, ownedByScaledObject, resolveWorkload, scaledObjectsScaling } from './scaled-objects';
import { convertMetrics } from './triggers';
import type { Plan, PlanFacts, PlanOptions, PlanStep, PlanTarget, PreflightCheck } from './types';

/** How long KEDA gets to adopt the HPA and report Ready (it reconciles a new ScaledObject at once). */
const ADOPT_TIMEOUT_S = 120;

export function planHpaToScaledObject(s: Snapshot, target: PlanTarget, facts: PlanFacts, options: PlanOptions): Plan {
  const base = { type: 'hpa-to-scaledobject' as const, target };
  const { workload, ref, hpa: named } = resolveWorkload(s, target);
  const wRef: ObjectRef = ref ? workloadRef(ref) : { apiVersion: 'apps/v1', kind: target.kind, namespace: target.namespace, name: target.name };
  const preflight: PreflightCheck[] = [kedaInstalled(s), kedaOperatorReady(s), webhookRegistered(facts)];
  const all = ref ? hpasScaling(s, ref) : [];
  const native = all.filter((h) => !ownedByScaledObject(h));
  // A workload whose only HPA is KEDA's is reported as migrated, not as "no HPA".
  const hpa = named ?? native[0] ?? all[0];
  const summary = `Move ${show(wRef)} from HPA ${hpa?.metadata.name ?? '(none)'} to a KEDA ScaledObject that adopts it`;
  if (!ref || !workload) {
    preflight.unshift(check('workload-found', false, `${show(wRef)} was not found${named ? ` (HPA ${target.namespace}/${target.name} targets it)` : ''}.`, true, 'Pick an existing Deployment or StatefulSet, or the HPA that scales it.'));
    return { ...base, summary, preflight, steps: [], touches: [wRef] };
  }
  if (!hpa) {
    preflight.unshift(check('hpa-found', false, `No HPA scales ${show(wRef)}.`, true, 'Only a workload scaled by a native HPA can be migrated; create a ScaledObject directly instead.'));
    return { ...base, summary, preflight, steps: [], touches: [wRef] };
  }
  const hpaName = hpa.metadata.name ?? '';
  const ns = ref.namespace;
  const hRef = hpaRef(ns, hpaName);
  const owner = Hpa.ownerScaledObject(hpa);
  if (owner) {
    preflight.unshift(check('not-migrated', false, `HPA ${ns}/${hpaName} is already owned by ScaledObject ${owner}: this workload is on KEDA already.`, true, 'Nothing to migrate. If a finding remains, it names what is left to do.'));
    return { ...base, summary, preflight, steps: [], touches: [wRef, hRef] };
  }
  const canaries = [...sources(graphOf(s), ref.key, 'targets'), ...sources(graphOf(s), ref.key, 'shadows')];
  preflight.push(check('no-canary', canaries.length === 0,
    canaries.length === 0 ? `No Flagger Canary targets or shadows ${show(wRef)}.` : `${show(wRef)} belongs to a Flagger Canary (${canaries.map((n) => n.ref.name).join(', ')}): Flagger copies its autoscaler to the primary.`,
    true, 'Use the migration canary-hpa-to-scaledobject on the Canary instead.'));
  preflight.push(check('single-hpa', native.length <= 1,
    native.length <= 1 ? `HPA ${hpaName} is the only HPA scaling ${show(wRef)}.` : `${native.length} HPAs scale ${show(wRef)} (${native.map((h) => h.metadata.name).join(', ')}): a ScaledObject can adopt only one.`,
    true, 'Merge the HPAs into one (an HPA with several metrics scales to the highest recommendation) and delete the others, then plan again.'));
  preflight.push(hpaHealthy(hpa));
  const conversion = convertMetrics(hpa, options.triggers, ref.name);
  preflight.push(metricsConvertible(`${ns}/${hpaName}`, conversion));
  const bounds = hpaBounds(hpa);
  preflight.push(check('hpa-bounds', bounds.max !== undefined, bounds.max !== undefined ? `HPA ${hpaName} scales between ${bounds.min} and ${bounds.max} replicas; the ScaledObject keeps those bounds.` : `HPA ${hpaName} has no maxReplicas.`, true, 'Give the HPA a maxReplicas and plan again.'));
  const soName = options.scaledObjectName || hpaName;
  const others = scaledObjectsScaling(s, ref);
  preflight.push(check('no-other-scaledobject', others.length === 0,
    others.length === 0 ? `No ScaledObject targets ${show(wRef)} yet.` : `ScaledObject ${others.map((o) => o.metadata.name).join(', ')} already targets ${show(wRef)}.`,
    true, 'Keep one autoscaler: delete that ScaledObject (or finish the migration it started) before planning again.'));
  const taken = indexOf(s).get('scaledobjects', ns, soName);
  preflight.push(check('scaledobject-name-free', !taken, taken ? `A ScaledObject ${ns}/${soName} exists already.` : `No ScaledObject is called ${ns}/${soName} yet.`, true, 'Choose another name with options.scaledObjectName.'));
  const so = buildScaledObject({
    name: soName, namespace: ns, target: { apiVersion: ref.apiVersion || 'apps/v1', kind: ref.kind, name: ref.name },
    hpaName, min: bounds.min, max: bounds.max ?? bounds.min, behavior: bounds.behavior, triggers: conversion.triggers, transfer: true,
  });
  preflight.push(containerRequests(workload, conversion.triggers, { kind: ref.kind, namespace: ns, name: ref.name }));
  preflight.push(webhookAdmits('scaledobject-admitted', s, so, `ScaledObject ${ns}/${soName}`));
  const soRef = scaledObjectRef(ns, soName);
  const steps: PlanStep[] = [createStep(so, soRef, hRef, conversion.complete), verifyStep(wRef, soRef, hRef)];
  return { ...base, summary, preflight, steps, touches: uniqueRefs([wRef, hRef, soRef]) };
}

function createStep(so: KubeObject, soRef: ObjectRef, hRef: ObjectRef, complete: boolean): PlanStep {
  const spec = so.spec as { minReplicaCount: number; maxReplicaCount: number; triggers: { type: string }[] };
  return {
    index: 0,
    id: 'create-scaledobject',
    title: `Create ScaledObject ${soRef.name} adopting HPA ${hRef.name}`,
    description:
      `Creates ScaledObject ${soRef.namespace}/${soRef.name} with scaledobject.keda.sh/transfer-hpa-ownership: "true" and advanced.horizontalPodAutoscalerConfig.name: ${hRef.name}, ` +
      `replicas ${spec.minReplicaCount}–${spec.maxReplicaCount} and ${spec.triggers.length ? `triggers ${spec.triggers.map((t) => t.type).join(', ')}` : 'no trigger yet'} copied from the HPA` +
      `${complete ? '' : ' (a metric still lacks a trigger: see the preflight)'}. ` +
      `KEDA's webhook admits it because the annotation and the name say which HPA to take over; the operator then rewrites HPA ${hRef.name} in place (same object, KEDA's labels, the ScaledObject as owner) instead of adding a second HPA, so the workload is never scaled by two HPAs. ` +
      `Waits until the HPA's ownerReferences name the ScaledObject and the ScaledObject reports Ready=True. Undo: delete the ScaledObject with propagationPolicy Orphan (the HPA stays) and restore the HPA from the backup without ownerReferences.`,
    operations: [{ kind: 'create', object: so }],
    inverse: [
      { kind: 'delete-created', target: soRef, propagationPolicy: 'Orphan' },
      { kind: 'restore-backup', target: hRef, dropOwnerReferences: true },
    ],
    postConditions: [
      { kind: 'owned-by', target: hRef, owner: { kind: 'ScaledObject', name: soRef.name }, description: `HPA ${hRef.name} is owned by ScaledObject ${soRef.name}` },
      { kind: 'condition', target: soRef, type: 'Ready', status: 'True', description: `ScaledObject ${soRef.name} is Ready` },
    ],
    timeoutSeconds: ADOPT_TIMEOUT_S,
  };
}

function verifyStep(wRef: ObjectRef, soRef: ObjectRef, hRef: ObjectRef): PlanStep {
  return {
    index: 1,
    id: 'verify',
    title: `Verify ${wRef.name} scales through ScaledObject ${soRef.name}`,
    description:
      `Changes nothing. Checks that HPA ${hRef.name} is still owned by ScaledObject ${soRef.name} (KEDA keeps it in line with the ScaledObject from now on; edit the ScaledObject, not the HPA) ` +
      `and that no finding of ${HPA_MIGRATION_RULES.join(', ')} remains on ${show(wRef)}. The replicas stay between the same bounds as before: the HPA object, its bounds and its behavior are unchanged, only its owner and metric source are new.`,
    operations: [],
    inverse: [],
    postConditions: [
      { kind: 'owned-by', target: hRef, owner: { kind: 'ScaledObject', name: soRef.name }, description: `HPA ${hRef.name} is still owned by ScaledObject ${soRef.name}` },
      { kind: 'no-findings', subjects: [wRef], rules: [...HPA_MIGRATION_RULES], description: `No ${HPA_MIGRATION_RULES.join(' / ')} finding on ${show(wRef)}` },
    ],
    timeoutSeconds: ADOPT_TIMEOUT_S,
  };
}
