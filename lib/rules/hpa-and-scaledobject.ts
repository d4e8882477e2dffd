/**
 * A ScaledObject targets a workload that an HPA it does not own also targets. "Owned" is KEDA's
 * webhook test (apis/keda/v1alpha1/scaledobject_webhook.go `verifyHpas`): some ownerReference of the
 * HPA has kind `ScaledObject` and the ScaledObject's name.
 *
 * What happens at run time: KEDA makes its own HPA (`keda-hpa-<name>` or the configured name) for the
 * same workload, so two HPAs claim the same pods and the HPA controller stops scaling it
 * (`AmbiguousSelector`). When the foreign HPA already has the name the ScaledObject's HPA would get,
 * the operator updates it in place instead (one HPA, rewritten by KEDA); the webhook still refuses
 * every change to the ScaledObject. The finding quotes what the webhook would answer today (the
 * `%s` values are the ScaledObject's target name and `group/version.Kind`, upstream `GVKString`).
 * Upstream runs its checks from a Go map, in random order: when another check fails as well (say a
 * missing cpu request), that message may come first.
 *
 * Decisions where the spec is silent:
 * - HPAs annotated `validations.keda.sh/hpa-ownership: "false"` are skipped by the webhook only; at
 *   run time the two HPAs still fight. They are reported, and the finding says the webhook lets it
 *   through.
 * - A requested ownership transfer that is set up correctly (annotation
 *   `scaledobject.keda.sh/transfer-hpa-ownership: "true"` and `horizontalPodAutoscalerConfig.name`
 *   naming the HPA) is a migration in progress: KEDA updates that HPA in place and no second HPA
 *   appears. It stays quiet unless the ScaledObject reports `Ready=False` (the adoption is stuck).
 * - When every foreign HPA belongs to another ScaledObject the fix is removing a ScaledObject
 *   (`scaledobject-overlap`), not a migration, so no action is offered.
 */
import { sources } from '../graph/scaling-graph';
import { at, list, str, stringMap } from '../k8s/fields';
import { Hpa, HPA_OWNERSHIP_VALIDATION_ANNOTATION } from '../k8s/hpa';
import type { KubeObject, ObjectRef } from '../k8s/object';
import { ScaledObject, TRANSFER_HPA_OWNERSHIP_ANNOTATION } from '../k8s/scaled-object';
import { targetKey, type ScaleTarget } from '../k8s/scale-target';
import { conditionOf } from './scaledobject-paused';
import { code, latest, listing, named, refOf } from './text';
import type { Finding, Rule, RuleContext } from './types';

export const hpaAndScaledObject: Rule = {
  id: 'hpa-and-scaledobject',
  severity: 'critical',
  title: 'An HPA and a ScaledObject scale one workload',
  check(snapshot, ctx) {
    const findings: Finding[] = [];
    for (const so of snapshot.objects.scaledobjects) {
      const target = ScaledObject.scaleTarget(so);
      if (!target) continue;
      const key = targetKey(target);
      const hpas = sources(ctx.graph, key, 'scales')
        .map((n) => n.object)
        .filter((o): o is KubeObject => o?.kind === 'HorizontalPodAutoscaler' && !ownedByScaledObject(o, so.metadata.name ?? ''));
      const involved = hpas.filter((h) => !transferPending(so, h));
      if (involved.length === 0) continue;
      findings.push(finding(so, target, involved, ctx));
    }
    return findings;
  },
};

/** KEDA's test: an ownerReference with kind ScaledObject and this name (upstream, uid not compared). */
function ownedByScaledObject(hpa: KubeObject, soName: string): boolean {
  return list(hpa.metadata.ownerReferences).some((o) => str(at(o, 'kind')) === 'ScaledObject' && str(at(o, 'name')) === soName);
}

function configuredHpaName(so: KubeObject): string | undefined {
  return str(at(so.spec, 'advanced', 'horizontalPodAutoscalerConfig', 'name')) || undefined;
}

function transferRequested(so: KubeObject): boolean {
  return stringMap(so.metadata.annotations)[TRANSFER_HPA_OWNERSHIP_ANNOTATION] === 'true';
}

/** The transfer is set up right and not (yet) failing: KEDA adopts the HPA, no second HPA appears. */
function transferPending(so: KubeObject, hpa: KubeObject): boolean {
  return transferRequested(so) && configuredHpaName(so) === hpa.metadata.name && conditionOf(so.status, 'Ready')?.status !== 'False';
}

function validationOff(hpa: KubeObject): boolean {
  return stringMap(hpa.metadata.annotations)[HPA_OWNERSHIP_VALIDATION_ANNOTATION] === 'false';
}

/** `group/version.Kind` as the webhook prints the type (`GVKString`); empty apiVersion is `apps/v1`. */
function gvkString(t: ScaleTarget): string {
  const apiVersion = t.apiVersion || 'apps/v1';
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return `${group}/${version}.${t.kind || 'Deployment'}`;
}

/** The webhook's answer to a create or update of the ScaledObject now, or undefined when it admits it. */
function webhookAnswer(so: KubeObject, target: ScaleTarget, hpas: KubeObject[]): string | undefined {
  const type = gvkString(target);
  for (const hpa of hpas) {
    if (validationOff(hpa)) continue;
    const name = hpa.metadata.name ?? '';
    if (transferRequested(so)) {
      if (configuredHpaName(so) === name) continue;
      return `the existing hpa '${name}' for workload '${target.name}' of type '${type}' must be specified by name in advanced settings to enable ownership transfer`;
    }
    return `the workload '${target.name}' of type '${type}' is already managed by the hpa '${name}'`;
  }
  return undefined;
}

function describeHpa(hpa: KubeObject): string {
  const owner = list(hpa.metadata.ownerReferences).map((o) => ({ kind: str(at(o, 'kind')), name: str(at(o, 'name')) })).find((o) => o.kind && o.name);
  const metrics = Hpa.metrics(hpa).map((m) => m.label).join(', ') || 'no metrics';
  const by = owner ? `, owned by ${owner.kind} ${code(owner.name ?? '')}` : '';
  return `${named(refOf(hpa))} (${metrics}, ${Hpa.minReplicas(hpa)}–${Hpa.maxReplicas(hpa) ?? '?'} replicas${by})`;
}

function isCanaryWorkload(ctx: RuleContext, key: string): boolean {
  return sources(ctx.graph, key, 'targets').some((n) => n.ref.kind === 'Canary') || sources(ctx.graph, key, 'shadows').length > 0;
}

function finding(so: KubeObject, target: ScaleTarget, hpas: KubeObject[], ctx: RuleContext): Finding {
  const key = targetKey(target);
  const node = ctx.graph.nodes.get(key);
  const workloadRef: ObjectRef = node?.object ? refOf(node.object) : { apiVersion: target.apiVersion, kind: target.kind, namespace: target.namespace, name: target.name };
  const soRef = refOf(so);
  const hpaName = ScaledObject.hpaName(so);
  const sameName = hpas.find((h) => h.metadata.name === hpaName);
  const ownHpaExists = sources(ctx.graph, key, 'scales').some((n) => n.object?.kind === 'HorizontalPodAutoscaler' && n.ref.name === hpaName);
  const otherSo = hpas.map((h) => list(h.metadata.ownerReferences).find((o) => str(at(o, 'kind')) === 'ScaledObject')).map((o) => str(at(o, 'name'))).find((n): n is string => !!n);
  const allOwnedByOtherSo = hpas.every((h) => list(h.metadata.ownerReferences).some((o) => str(at(o, 'kind')) === 'ScaledObject'));
  const off = hpas.filter(validationOff);
  const answer = webhookAnswer(so, target, hpas);
  const stuck = hpas.find((h) => transferRequested(so) && configuredHpaName(so) === h.metadata.name);
  const ready = conditionOf(so.status, 'Ready');

  const mechanism = sameName && hpas.length === 1
    ? `${named(refOf(sameName))} already has the name this ScaledObject's HPA gets (${code(hpaName)}), so the KEDA operator does not add a second HPA: it rewrites that one in place with the ScaledObject's triggers and bounds and makes itself its owner. Until then the HPA scales with its own settings, and whoever edits it last wins.`
    : `KEDA scales through an HPA of its own, ${code(hpaName)} (${ownHpaExists ? 'it exists now' : 'created when KEDA reconciles the ScaledObject'}), for the same workload. Two HPAs then claim the same pods: the HPA controller cannot tell which one is in charge, sets ${code('ScalingActive=False')} with reason ${code('AmbiguousSelector')} and stops scaling ${named(workloadRef)} altogether, whatever the load.`;
  const webhook = answer
    ? ` KEDA's admission webhook (${code('vscaledobject.kb.io')}) refuses any create or update of this ScaledObject today with: ${code(answer)}. The ScaledObject exists anyway — the webhook was not installed or not reachable when it was applied (its failure policy is ${code('Ignore')}), or the HPA came after it (the webhook checks ScaledObjects, not HPAs).`
    : off.length > 0
      ? ` KEDA's admission webhook lets this through without a word: ${listing(off.map((h) => named(refOf(h))))} ${off.length === 1 ? 'carries' : 'carry'} ${code(`${HPA_OWNERSHIP_VALIDATION_ANNOTATION}: "false"`)}, which only switches the webhook's check off — at run time the autoscalers still fight.`
      : '';
  const adoption = stuck && ready?.status === 'False'
    ? ` An ownership transfer of ${named(refOf(stuck))} is requested and set up correctly, but the ScaledObject reports ${code('Ready=False')}${ready.reason ? ` (${code(ready.reason)})` : ''}${ready.message ? `: ${code(ready.message)}` : ''}, so KEDA has not adopted the HPA.`
    : '';
  const siblingTargetsToo = !!otherSo && sources(ctx.graph, key, 'scales').some((n) => n.ref.kind === 'ScaledObject' && n.ref.name === otherSo);
  const sibling = otherSo
    ? ` An HPA made for ScaledObject ${code(otherSo)} counts like any other${siblingTargetsToo ? `; ${code(otherSo)} targets this workload too, which is reported as ${code('scaledobject-overlap')}` : ''}.`
    : '';

  const canary = isCanaryWorkload(ctx, key);
  const action = allOwnedByOtherSo ? undefined : canary ? 'canary-hpa-to-scaledobject' : 'hpa-to-scaledobject';
  const remedy = stuck && adoption
    ? `The transfer is configured; fix what keeps ${named(soRef)} from being Ready (the keda-operator log names the error), and the operator then takes ${named(refOf(stuck))} over in place. If it cannot, roll back: delete the ScaledObject and keep the HPA (the migration ${code(action ?? '')} does the whole move with a backup and a rollback).`
    : allOwnedByOtherSo
    ? `Keep one ScaledObject on ${named(workloadRef)}: merge the triggers of ${named(soRef)} and ScaledObject ${code(otherSo ?? '')} into one and delete the other (its HPA goes with it).`
    : `Let ${named(soRef)} adopt the HPA instead of adding its own: set ${code(`${TRANSFER_HPA_OWNERSHIP_ANNOTATION}: "true"`)} and ${code(`spec.advanced.horizontalPodAutoscalerConfig.name: ${hpas[0]?.metadata.name ?? ''}`)} on it, wait until the HPA's ownerReferences name the ScaledObject, then delete any other HPA — the migration ${code(action ?? '')} does exactly that with a backup and a rollback. Or delete the ScaledObject and keep the HPA.`;

  return {
    rule: hpaAndScaledObject.id,
    severity: hpaAndScaledObject.severity,
    subjects: [workloadRef, soRef, ...hpas.map(refOf)],
    message: `ScaledObject ${code(so.metadata.name ?? '')} and ${listing(hpas.map((h) => named(refOf(h))))} scale ${named(workloadRef)}`,
    explanation:
      `${named(soRef)} scales ${named(workloadRef)}, and so ${hpas.length === 1 ? 'does' : 'do'} ${listing(hpas.map(describeHpa))}, which the ScaledObject does not own. ` +
      mechanism + webhook + adoption + sibling,
    remedy,
    actions: action ? [action] : undefined,
    since: latest(str(so.metadata.creationTimestamp), ...hpas.map((h) => str(h.metadata.creationTimestamp))),
  };
}
