/**
 * Two or more ScaledObjects target one workload, or compute one HPA name in a namespace
 * (`advanced.horizontalPodAutoscalerConfig.name`, else `keda-hpa-<name>`). KEDA's webhook refuses
 * the second one (apis/keda/v1alpha1/scaledobject_webhook.go `verifyScaledObjects`); when it was
 * admitted anyway, each ScaledObject runs its own scale loop and reconciles its HPA:
 * - same workload: two KEDA-made HPAs claim the same pods (`AmbiguousSelector`, scaling stops) and
 *   both scale loops drive the 0↔1 activation of the workload;
 * - same HPA name: both ScaledObjects rewrite one HPA object (target, metrics, bounds, owner), so it
 *   flips between them and only one workload is autoscaled at a time.
 * A group that shares both the workload and the HPA name is reported once.
 */
import { at, list, str } from '../k8s/fields';
import type { KubeObject, ObjectRef } from '../k8s/object';
import { ScaledObject } from '../k8s/scaled-object';
import { targetKey, type ScaleTarget } from '../k8s/scale-target';
import { code, latest, listing, named, refOf } from './text';
import type { Finding, Rule, RuleContext } from './types';

export const scaledObjectOverlap: Rule = {
  id: 'scaledobject-overlap',
  severity: 'critical',
  title: 'Several ScaledObjects on one workload or one HPA',
  check(snapshot, ctx) {
    const byTarget = new Map<string, { target: ScaleTarget; sos: KubeObject[] }>();
    const byHpa = new Map<string, KubeObject[]>();
    for (const so of snapshot.objects.scaledobjects) {
      const target = ScaledObject.scaleTarget(so);
      if (target) {
        const key = targetKey(target);
        const group = byTarget.get(key) ?? { target, sos: [] };
        group.sos.push(so);
        byTarget.set(key, group);
      }
      const hpaKey = `${so.metadata.namespace ?? ''}/${ScaledObject.hpaName(so)}`;
      byHpa.set(hpaKey, [...(byHpa.get(hpaKey) ?? []), so]);
    }
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const { target, sos } of byTarget.values()) {
      if (sos.length < 2) continue;
      findings.push(sameWorkload(target, sos, snapshot.objects.hpas, ctx));
      reported.add(groupKey(sos));
    }
    for (const sos of byHpa.values()) {
      if (sos.length < 2 || reported.has(groupKey(sos))) continue;
      findings.push(sameHpa(sos, snapshot.objects.hpas));
    }
    return findings;
  },
};

function groupKey(sos: KubeObject[]): string {
  return sos.map((s) => `${s.metadata.namespace ?? ''}/${s.metadata.name ?? ''}`).sort().join(',');
}

/** Oldest first: the webhook admits the first one and refuses those applied after it. */
function byAge(sos: KubeObject[]): KubeObject[] {
  return [...sos].sort((a, b) => (str(a.metadata.creationTimestamp) ?? '').localeCompare(str(b.metadata.creationTimestamp) ?? ''));
}

function gvkString(t: ScaleTarget): string {
  const apiVersion = t.apiVersion || 'apps/v1';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? `/${apiVersion}.${t.kind}` : `${apiVersion.slice(0, slash)}/${apiVersion.slice(slash + 1)}.${t.kind}`;
}

function hasHpaConfig(so: KubeObject): boolean {
  const c = at(so.spec, 'advanced', 'horizontalPodAutoscalerConfig');
  return typeof c === 'object' && c !== null && !Array.isArray(c);
}

function describe(so: KubeObject): string {
  const triggers = ScaledObject.triggers(so).map((t) => t.type);
  return `${named(refOf(so))} (${triggers.length ? triggers.join(', ') : 'no triggers'}, ${ScaledObject.minReplicas(so)}–${ScaledObject.maxReplicas(so)} replicas, HPA ${code(ScaledObject.hpaName(so))})`;
}

function existingHpas(sos: KubeObject[], hpas: readonly KubeObject[]): KubeObject[] {
  const names = new Set(sos.map((so) => `${so.metadata.namespace ?? ''}/${ScaledObject.hpaName(so)}`));
  return hpas.filter((h) => names.has(`${h.metadata.namespace ?? ''}/${h.metadata.name ?? ''}`));
}

/** What the webhook answers for `incoming` while `existing` is there (same HPA name), upstream wording. */
function hpaNameAnswer(incoming: KubeObject, existing: KubeObject): string {
  if (!hasHpaConfig(existing)) {
    return `applying ${named(refOf(incoming))} now makes the webhook's check read ${code('spec.advanced.horizontalPodAutoscalerConfig.name')} of ${named(refOf(existing))}, which is not set: it crashes on it (a nil pointer, recovered) and refuses with an internal error instead of a message`;
  }
  return `applying ${named(refOf(incoming))} now is answered with ${code(`the HPA '${str(at(existing.spec, 'advanced', 'horizontalPodAutoscalerConfig', 'name')) ?? ''}' is already managed by the ScaledObject '${existing.metadata.name ?? ''}'`)}`;
}

function sameWorkload(target: ScaleTarget, sos: KubeObject[], hpas: readonly KubeObject[], ctx: RuleContext): Finding {
  const node = ctx.graph.nodes.get(targetKey(target));
  const workload: ObjectRef = node?.object ? refOf(node.object) : { apiVersion: target.apiVersion, kind: target.kind, namespace: target.namespace, name: target.name };
  const ordered = byAge(sos);
  const first = ordered[0]!;
  const last = ordered[ordered.length - 1]!;
  const names = new Set(sos.map((so) => ScaledObject.hpaName(so)));
  const made = existingHpas(sos, hpas);
  const sharedHpa = names.size < sos.length;
  const answer = `the workload '${target.name}' of type '${gvkString(target)}' is already managed by the ScaledObject '${first.metadata.name ?? ''}'`;
  return {
    rule: scaledObjectOverlap.id,
    severity: scaledObjectOverlap.severity,
    subjects: [workload, ...sos.map(refOf)],
    message: `${sos.length} ScaledObjects scale ${named(workload)}: ${listing(sos.map((s) => code(s.metadata.name ?? '')))}`,
    explanation:
      `${named(workload)} is the scale target of ${sos.length} ScaledObjects: ${listing(sos.map(describe))}. ` +
      `Each ScaledObject runs its own scale loop and keeps its own HPA for the workload${made.length ? ` (${listing(made.map((h) => named(refOf(h))))} exist${made.length === 1 ? 's' : ''} now)` : ''}. ` +
      (sharedHpa
        ? `They even compute the same HPA name, so they rewrite one HPA object in turn, each with its own triggers and bounds. `
        : `Two HPAs then claim the same pods: the HPA controller sets ${code('ScalingActive=False')} with reason ${code('AmbiguousSelector')} and stops scaling the workload. `) +
      (sos.some((so) => ScaledObject.minReplicas(so) === 0)
        ? `With ${code('minReplicaCount: 0')} each scale loop also decides on its own whether the workload runs at all, so one can scale it to zero while the other wants it up. `
        : '') +
      `KEDA's admission webhook refuses a second ScaledObject on one workload: applying ${named(refOf(last))} now is answered with ${code(answer)}. That they exist anyway means the webhook was not installed or not reachable when they were applied (its failure policy is ${code('Ignore')}).`,
    remedy: `Keep one ScaledObject per workload: move the triggers you need into ${named(refOf(first))} (several triggers scale to the highest recommendation) and delete the others; their HPAs are deleted with them.`,
    since: latest(...sos.map((s) => str(s.metadata.creationTimestamp))),
  };
}

function sameHpa(sos: KubeObject[], hpas: readonly KubeObject[]): Finding {
  const ordered = byAge(sos);
  const first = ordered[0]!;
  const last = ordered[ordered.length - 1]!;
  const hpaName = ScaledObject.hpaName(first);
  const hpa = existingHpas([first], hpas)[0];
  const owner = hpa ? str(at(list(hpa.metadata.ownerReferences).find((o) => str(at(o, 'kind')) === 'ScaledObject'), 'name')) : undefined;
  const targets = sos.map((so) => ScaledObject.scaleTarget(so)).map((t) => (t ? `${t.kind} ${code(t.name)}` : 'no target'));
  return {
    rule: scaledObjectOverlap.id,
    severity: scaledObjectOverlap.severity,
    subjects: [...sos.map(refOf), ...(hpa ? [refOf(hpa)] : [])],
    message: `${sos.length} ScaledObjects compute the same HPA name ${code(hpaName)}: ${listing(sos.map((s) => code(s.metadata.name ?? '')))}`,
    explanation:
      `${listing(sos.map(describe))} ${sos.length === 2 ? 'both' : 'all'} manage an HPA called ${code(hpaName)} in namespace ${code(first.metadata.namespace ?? '')} ` +
      `(the name is ${code('spec.advanced.horizontalPodAutoscalerConfig.name')}, or ${code('keda-hpa-<ScaledObject name>')} when that is unset). ` +
      `There can be only one object of that name, so every reconcile of one ScaledObject rewrites the HPA with its own target, metrics, bounds and owner reference: the HPA flips between ${listing(targets)}, and only one of them is autoscaled at any moment` +
      (hpa ? ` (today it ${owner ? `belongs to ScaledObject ${code(owner)}` : 'has no ScaledObject owner'}).` : '.') +
      ` KEDA's admission webhook refuses a second ScaledObject for one HPA name: ${hpaNameAnswer(last, first)}. That they exist anyway means the webhook was not installed or not reachable when they were applied (its failure policy is ${code('Ignore')}).`,
    remedy: `Give every ScaledObject its own HPA name: remove ${code('horizontalPodAutoscalerConfig.name')} (KEDA then uses ${code('keda-hpa-<name>')}) or set distinct names; if two of them target the same workload, delete one.`,
    since: latest(...sos.map((s) => str(s.metadata.creationTimestamp))),
  };
}
