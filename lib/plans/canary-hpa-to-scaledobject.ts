/**
 * Migration `canary-hpa-to-scaledobject` (design §5, seed 000): a Flagger Canary whose
 * autoscalerRef is an HPA moves to a KEDA ScaledObject, on both sides — the canary Deployment
 * (`<hpa>`) and the primary Deployment Flagger serves from (`<hpa>-primary`, which Flagger made).
 *
 * Flagger ≥ 1.38.0 (PR #1677) — design §5 as written: create `<so>` with the transfer annotation and
 * `horizontalPodAutoscalerConfig.name: <hpa>` (KEDA adopts `<hpa>`), point the Canary at it, and
 * Flagger creates `<so>-primary` with `<so>`'s annotations and HPA name `<hpa>-primary`, so KEDA
 * adopts `<hpa>-primary`. At later promotions Flagger computes the same primary spec: stable.
 *
 * Flagger < 1.38.0 (or unknown: assumed old). Such a release creates `<so>-primary` without
 * annotations and with `advanced` copied verbatim (HPA name `<hpa>`, unsuffixed) — refused by KEDA's
 * webhook as long as `<hpa>-primary` scales the primary (flagger#1646). Design §5 says the plan
 * creates `<so>-primary` itself; that alone is not stable: Flagger leaves an existing primary alone
 * while the Canary is idle, but at every promotion (`reconcilePrimaryScaler(init=false)`) rewrites
 * its spec with the verbatim copy, i.e. HPA name `<hpa>`, which the webhook refuses ("the HPA
 * '<hpa>' is already managed by the ScaledObject '<so>'") — the Canary then sits in Promoting with a
 * Warning every interval (the simulator shows exactly that). The only primary spec an old Flagger
 * never rewrites is its own verbatim copy, and that copy is admissible only if `<so>` names no HPA.
 * So the old path is:
 *   1. create `<so>` (transfer, name `<hpa>`) → KEDA adopts `<hpa>` (no moment with two HPAs);
 *   2. create `<so>-primary` ourselves (target `<target>-primary`, owned by the Canary, transfer,
 *      name `<hpa>-primary`) → KEDA adopts `<hpa>-primary` (the serving side never loses its HPA);
 *   3. drop the HPA name and the transfer annotation from both → KEDA renames the adopted HPAs to its
 *      defaults `keda-hpa-<so>` / `keda-hpa-<so>-primary` (delete + create in one reconcile, same
 *      bounds and metrics), and `<so>-primary` now equals Flagger's verbatim copy of `<so>`;
 *   4. point the Canary at `<so>`: Flagger finds the primary present and identical — nothing to
 *      create now, nothing to rewrite at promotions.
 * Then, on both paths: check the primary is not paused (flagger#1934) and verify no findings.
 */
import { sources } from '../graph/scaling-graph';
import { findController } from '../components';
import { parseDuration } from '../duration';
import { copiesScaledObjectAnnotations, parseRelease, primaryScaledObjectMeta, primaryScaledObjectSpec } from '../flagger';
import { Canary } from '../k8s/canary';
import { at, int, stringMap } from '../k8s/fields';
import { memoByObject } from '../k8s/memo';
import type { JsonObject, KubeObject } from '../k8s/object';
import { ScaledObject } from '../k8s/scaled-object';
import type { Snapshot } from '../snapshot';
import { indexOf } from '../snapshot-index';
import { canaryPreflight, type OwnProgress } from './canary-preflight';
import { checkPrimaryNotPaused, createCanaryScaledObject, createPrimaryScaledObject, patchCanary, defaultHpaNamesStep, verifyCanary, type CanaryNames } from './canary-steps';
import { check } from './preflight';
import { canaryRef, hpaRef, scaledObjectRef, uniqueRefs, workloadRef } from './refs';
import { advancedFor, buildScaledObject, graphOf, hpaBounds, ownedByScaledObject } from './scaled-objects';
import { convertMetrics } from './triggers';
import type { Plan, PlanFacts, PlanOptions, PlanStep, PlanTarget } from './types';

/** The Flagger release from the flagger Deployment's image tag, when it reads as a version (once per snapshot). */
export const flaggerRelease: (s: Snapshot) => string | undefined = memoByObject((s: Snapshot) => {
  const v = findController('flagger', s.objects.deployments)?.version;
  return v && parseRelease(v) ? v.replace(/^v/, '') : undefined;
});

/** The Canary a target names: the Canary itself, or the Canary whose targetRef is the workload. */
function findCanary(s: Snapshot, target: PlanTarget): KubeObject | undefined {
  if (target.kind === 'Canary') return indexOf(s).get('canaries', target.namespace, target.name);
  const key = `${target.namespace}/apps/${target.kind}/${target.name}`;
  return sources(graphOf(s), key, 'targets').find((n) => n.object?.kind === 'Canary')?.object;
}

/** `primaryScalerQueries` / `primaryScalerReplicas` of the Canary's autoscalerRef (the merge patch keeps them). */
function refOptions(canary: KubeObject) {
  const r = at(canary.spec, 'autoscalerRef');
  const q = at(r, 'primaryScalerQueries');
  const rep = at(r, 'primaryScalerReplicas');
  return {
    primaryScalerQueries: q === undefined ? undefined : stringMap(q),
    primaryScalerReplicas: rep === undefined ? undefined : { minReplicas: int(at(rep, 'minReplicas')), maxReplicas: int(at(rep, 'maxReplicas')) },
  };
}

/**
 * ScaledObjects an earlier step of this migration made, recognised by what they do: `<so>` scales
 * the canary Deployment and owns `<hpa>` (or, after the rename, keda-hpa-<so>); `<so>-primary`
 * scales the primary, owns `<hpa>-primary` (or keda-hpa-<so>-primary) and belongs to the Canary.
 * The server re-plans from the current state after a conflict; these must not block that plan.
 */
function ownProgress(s: Snapshot, n: CanaryNames): OwnProgress {
  const idx = indexOf(s);
  const owns = (so: KubeObject, hpas: string[]) => hpas.some((h) => {
    const o = idx.get('hpas', n.ns, h);
    return !!o && ownedByScaledObject(o, so.metadata.name ?? '');
  });
  const so = idx.get('scaledobjects', n.ns, n.so.name);
  const primary = idx.get('scaledobjects', n.ns, n.primarySo.name);
  const byCanary = (o: KubeObject) => (o.metadata.ownerReferences ?? []).some((r) => r.kind === 'Canary' && r.name === n.canary.name);
  return {
    so: so && ScaledObject.scaleTarget(so)?.name === n.workload.name && owns(so, [n.hpa.name, n.kedaHpa.name]) ? so : undefined,
    primarySo: primary && ScaledObject.scaleTarget(primary)?.name === n.primaryWorkload.name && byCanary(primary) && owns(primary, [n.primaryHpa.name, n.kedaPrimaryHpa.name]) ? primary : undefined,
  };
}

export function planCanaryHpaToScaledObject(s: Snapshot, target: PlanTarget, facts: PlanFacts, options: PlanOptions): Plan {
  const base = { type: 'canary-hpa-to-scaledobject' as const, target };
  const canary = findCanary(s, target);
  const cRef = canaryRef(target.namespace, canary?.metadata.name ?? target.name);
  const t = canary ? Canary.target(canary) : undefined;
  const ref = canary ? Canary.autoscaler(canary) : undefined;
  if (!canary || !t || !ref) {
    const detail = !canary ? `No Canary ${target.kind === 'Canary' ? `${target.namespace}/${target.name} exists` : `targets ${target.kind} ${target.namespace}/${target.name}`}.` : `Canary ${target.namespace}/${canary.metadata.name ?? ''} has no ${!t ? 'targetRef' : 'autoscalerRef'}.`;
    return { ...base, summary: `Move Canary ${cRef.name} from HPAs to ScaledObjects`, preflight: [check('canary-found', false, detail, true, 'Pick a Canary whose autoscalerRef is an HPA.')], steps: [], touches: [cRef] };
  }
  const ns = t.namespace;
  const soName = options.scaledObjectName || ref.name;
  const release = flaggerRelease(s);
  const copies = release !== undefined && copiesScaledObjectAnnotations(release);
  const interval = parseDuration(at(canary.spec, 'analysis', 'interval')) ?? 60_000;
  const n: CanaryNames = {
    ns, canary: cRef, canaryObj: canary,
    workload: workloadRef(t), primaryWorkload: workloadRef(t, Canary.primaryName(t.name)),
    hpa: hpaRef(ns, ref.name), primaryHpa: hpaRef(ns, Canary.primaryName(ref.name)),
    so: scaledObjectRef(ns, soName), primarySo: scaledObjectRef(ns, Canary.primaryName(soName)),
    kedaHpa: hpaRef(ns, `keda-hpa-${soName}`), kedaPrimaryHpa: hpaRef(ns, `keda-hpa-${Canary.primaryName(soName)}`),
    flaggerWaitS: Math.ceil((3 * interval) / 1000) + 60,
    release,
  };
  const summary = `Move Canary ${cRef.name} (${t.name} and ${n.primaryWorkload.name}) from HPAs ${n.hpa.name}/${n.primaryHpa.name} to ScaledObjects ${n.so.name}/${n.primarySo.name}` +
    (copies ? '' : `, creating ${n.primarySo.name} itself and letting KEDA name the HPAs (Flagger ${release ?? 'release unknown, assumed'} before 1.38.0)`);
  const touches = uniqueRefs([cRef, n.workload, n.primaryWorkload, n.hpa, n.primaryHpa, n.so, n.primarySo, ...(copies ? [] : [n.kedaHpa, n.kedaPrimaryHpa])]);
  const own = ownProgress(s, n);
  // After the rename step (old path) `<hpa>` is gone; KEDA's keda-hpa-<so> carries the same bounds and metrics.
  const hpa = ref.kind !== 'HorizontalPodAutoscaler' ? undefined : indexOf(s).get('hpas', ns, ref.name) ?? (own.so ? indexOf(s).get('hpas', ns, n.kedaHpa.name) : undefined);
  const conversion = hpa ? convertMetrics(hpa, options.triggers, t.name) : undefined;
  const bounds = hpa ? hpaBounds(hpa) : undefined;
  const soTarget = { apiVersion: t.apiVersion || 'apps/v1', kind: t.kind, name: t.name };
  const common = { namespace: ns, target: soTarget, min: bounds?.min ?? 1, max: bounds?.max ?? bounds?.min ?? 1, behavior: bounds?.behavior, triggers: conversion?.triggers ?? [] };
  const so = buildScaledObject({ ...common, name: soName, hpaName: ref.name, transfer: true });
  const ownerRef = { apiVersion: 'flagger.app/v1beta1', kind: 'Canary', name: canary.metadata.name ?? '', uid: canary.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
  const primary: KubeObject = { apiVersion: so.apiVersion, kind: 'ScaledObject', metadata: { name: n.primarySo.name, namespace: ns }, spec: {} };
  if (copies) {
    // As Flagger ≥ 1.38.0 builds it (lib/flagger/scalers.ts), for the preflight's webhook check.
    primary.metadata = { ...primary.metadata, ...primaryScaledObjectMeta(so.metadata.labels, so.metadata.annotations, true), ownerReferences: [ownerRef] };
    primary.spec = primaryScaledObjectSpec(so.spec, t.name, refOptions(canary), true);
  } else {
    // Flagger's verbatim copy of `<so>` as it ends (no HPA name), plus the name `<hpa>-primary` to adopt now.
    const finalSo = buildScaledObject({ ...common, name: soName, hpaName: undefined, transfer: false });
    const spec = primaryScaledObjectSpec(finalSo.spec, t.name, refOptions(canary), false);
    spec.advanced = advancedFor(n.primaryHpa.name, bounds?.behavior) as JsonObject;
    primary.metadata = { ...primary.metadata, annotations: { ...so.metadata.annotations }, ownerReferences: [ownerRef] };
    primary.spec = spec;
  }
  // What an old Flagger would create itself once the Canary names `<so>`: the step this plan replaces.
  const flaggerOwn: KubeObject | undefined = copies ? undefined : {
    apiVersion: so.apiVersion, kind: 'ScaledObject',
    metadata: { name: n.primarySo.name, namespace: ns, ...primaryScaledObjectMeta(so.metadata.labels, so.metadata.annotations, false), ownerReferences: [ownerRef] },
    spec: primaryScaledObjectSpec(so.spec, t.name, refOptions(canary), false),
  };
  const preflight = canaryPreflight({ s, facts, canary, t, ref, n, hpa, conversion, bounds, so, primary, copies, own, flaggerOwn });
  if (!hpa || preflight.some((c) => c.check === 'not-migrated' && !c.ok)) return { ...base, summary, preflight, steps: [], touches };
  // Steps already in effect (a re-plan after a conflict, or a migration resumed by hand) keep their checks but write nothing.
  const steps: Omit<PlanStep, 'index'>[] = copies
    ? [createCanaryScaledObject(n, so, !!own.so), patchCanary(n, true, n.primaryHpa), checkPrimaryNotPaused(n), verifyCanary(n, n.hpa, n.primaryHpa)]
    : [createCanaryScaledObject(n, so, !!own.so), createPrimaryScaledObject(n, primary, !!own.primarySo), defaultHpaNamesStep(n, own.so ?? so, own.primarySo ?? primary),
      patchCanary(n, false, n.kedaPrimaryHpa), checkPrimaryNotPaused(n), verifyCanary(n, n.kedaHpa, n.kedaPrimaryHpa)];
  return { ...base, summary, preflight, steps: steps.map((st, index) => ({ index, ...st })), touches };
}
