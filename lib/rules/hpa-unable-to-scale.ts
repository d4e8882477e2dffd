/**
 * An HPA whose `AbleToScale` or `ScalingActive` condition is False: the HPA controller could not
 * read or write the target's scale, or could not compute a replica count from any metric, and
 * leaves the replicas where they are. Reasons and their wording are the controller's
 * (kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go: `FailedGetScale`,
 * `FailedUpdateScale`, `InvalidSelector`, `ScalingDisabled`, `FailedGet{Resource,ContainerResource,
 * Pods,Object,External}Metric`, `InvalidMetricSourceType`).
 *
 * Left to other rules or normal: `AmbiguousSelector` (`hpa-overlap`); `FailedGetScale` when the
 * target is missing from a synced snapshot (`scale-target-missing`); `ScalingDisabled` on an HPA
 * KEDA made (KEDA itself scales the workload to and from zero, the HPA is off meanwhile) or on a
 * Canary's target (Flagger keeps the canary Deployment at zero between releases).
 */
import { indexOf } from '../snapshot-index';
import { Canary } from '../k8s/canary';
import { Hpa } from '../k8s/hpa';
import { str } from '../k8s/fields';
import { findCondition, type Condition, type KubeObject } from '../k8s/object';
import { targetKey } from '../k8s/scale-target';
import type { Snapshot } from '../snapshot';
import { code, listing, named, refOf } from './text';
import type { Finding, Rule } from './types';

export const hpaUnableToScale: Rule = {
  id: 'hpa-unable-to-scale',
  severity: 'warning',
  title: 'HPA unable to scale',
  check(snapshot, ctx) {
    const findings: Finding[] = [];
    for (const hpa of snapshot.objects.hpas) {
      const t = Hpa.scaleTarget(hpa);
      const workload = t ? ctx.graph.nodes.get(targetKey(t))?.object : undefined;
      const able = findCondition(hpa.status, 'AbleToScale');
      const active = findCondition(hpa.status, 'ScalingActive');
      // Most HPAs are fine: decide that without allocating.
      if (able?.status !== 'False' && active?.status !== 'False') continue;
      const failing = [able, active].filter((c): c is Condition => c?.status === 'False' && !excused(snapshot, hpa, c, !!workload));
      if (failing.length) findings.push(finding(snapshot, hpa, workload, failing));
    }
    return findings;
  },
};

/**
 * A condition with its text fields checked: `findCondition` only checks `type` and `status`, and
 * objects are untrusted.
 */
export function readCondition(status: unknown, type: string): Condition | undefined {
  const c = findCondition(status, type);
  return c && { type: c.type, status: c.status, reason: str(c.reason), message: str(c.message), lastTransitionTime: str(c.lastTransitionTime) };
}

function excused(s: Snapshot, hpa: KubeObject, c: Condition, targetExists: boolean): boolean {
  if (c.reason === 'AmbiguousSelector') return true;
  if (c.reason === 'FailedGetScale' && !targetExists) {
    const t = Hpa.scaleTarget(hpa);
    const kind = t?.kind === 'Deployment' ? 'deployments' : t?.kind === 'StatefulSet' ? 'statefulsets' : undefined;
    // `scale-target-missing` speaks for it when the snapshot knows the kind.
    return !!kind && (s.kinds[kind]?.state === 'synced' || s.kinds[kind]?.state === 'stale');
  }
  if (c.reason === 'ScalingDisabled') {
    if (Hpa.ownerScaledObject(hpa)) return true;
    const t = Hpa.scaleTarget(hpa);
    return !!t && indexOf(s).inNamespace('canaries', t.namespace).some((canary) => {
      const ct = Canary.target(canary);
      return !!ct && targetKey(ct) === targetKey(t);
    });
  }
  return false;
}

const MEANING: Record<string, string> = {
  FailedGetScale: `the controller could not read the target's ${code('/scale')} subresource: a wrong ${code('scaleTargetRef')} (kind, apiVersion), a target without ${code('/scale')}, or missing RBAC`,
  FailedUpdateScale: 'the controller computed new replicas but could not write them: an admission webhook, a quota, or a conflict refused the update',
  InvalidSelector: `the target's ${code('/scale')} has no usable label selector, so the controller cannot find its pods`,
  ScalingDisabled: `the target has 0 replicas while ${code('minReplicas')} is at least 1; the HPA stays off until something scales the target above 0`,
  FailedGetResourceMetric: `the resource metrics API (${code('metrics.k8s.io')}, usually metrics-server) gave no cpu/memory figures for the pods, or a container lacks the request a utilization target divides by`,
  FailedGetContainerResourceMetric: `the resource metrics API (${code('metrics.k8s.io')}) gave no figures for that container, or it lacks the request`,
  FailedGetPodsMetric: `the custom metrics API (${code('custom.metrics.k8s.io')}, e.g. prometheus-adapter) did not answer for that pods metric`,
  FailedGetObjectMetric: `the custom metrics API (${code('custom.metrics.k8s.io')}) did not answer for that object metric`,
  FailedGetExternalMetric: `the external metrics API (${code('external.metrics.k8s.io')}) did not answer; for an HPA that KEDA made, that is keda-operator-metrics-apiserver, and the trigger's scaler failed to read its source`,
  InvalidMetricSourceType: 'a metric has a type the controller does not know',
};

function describe(c: Condition): string {
  const meaning = c.reason ? MEANING[c.reason] : undefined;
  return `${code(`${c.type}=False`)} with reason ${code(c.reason ?? '(none)')}${c.lastTransitionTime ? ` since ${c.lastTransitionTime}` : ''}${c.message ? `: ${code(c.message)}` : ''}${meaning ? `. That means ${meaning}` : ''}`;
}

function finding(s: Snapshot, hpa: KubeObject, workload: KubeObject | undefined, failing: Condition[]): Finding {
  const ownerName = Hpa.ownerScaledObject(hpa);
  const owner = ownerName ? indexOf(s).get('scaledobjects', hpa.metadata.namespace, ownerName) : undefined;
  const t = Hpa.scaleTarget(hpa);
  const target = workload ? named(refOf(workload)) : t ? `${t.kind} ${code(t.name)}` : 'its target';
  const current = Hpa.currentReplicas(hpa);
  const reasons = failing.map((c) => c.reason ?? '');
  return {
    rule: hpaUnableToScale.id,
    severity: hpaUnableToScale.severity,
    subjects: [...(workload ? [refOf(workload)] : []), refOf(hpa), ...(owner ? [refOf(owner)] : [])],
    message: `HPA ${code(hpa.metadata.name ?? '')} cannot scale ${target}: ${listing(reasons.map((r) => code(r || 'no reason')))}`,
    explanation:
      `${named(refOf(hpa))} scales ${target}${ownerName ? ` for ScaledObject ${code(ownerName)}` : ''} and reports ${listing(failing.map(describe))}. ` +
      `While that holds the HPA controller changes nothing: the replicas stay at ${current ?? 'whatever they are'}, whatever the load.`,
    remedy: remedyFor(reasons, ownerName),
    since: failing.map((c) => c.lastTransitionTime).filter((x): x is string => !!x).sort()[0],
  };
}

function remedyFor(reasons: string[], ownerName: string | undefined): string {
  const steps: string[] = [];
  if (reasons.some((r) => r.startsWith('FailedGet') && r.endsWith('Metric'))) {
    steps.push(ownerName
      ? `Check ScaledObject ${code(ownerName)}'s conditions and the keda-operator logs for the scaler's error, and that the ${code('v1beta1.external.metrics.k8s.io')} APIService is Available.`
      : `Check that the metrics API behind the metric is up (${code('kubectl get apiservices | grep metrics')}) and returns values for these pods, and that every container has the requests a utilization target needs.`);
  }
  if (reasons.includes('FailedGetScale')) steps.push(`Check ${code('scaleTargetRef')} (kind, apiVersion, name) and that the controller may ${code('get')} its ${code('/scale')}.`);
  if (reasons.includes('FailedUpdateScale')) steps.push(`Read the HPA's ${code('FailedRescale')} events for who refused the update.`);
  if (reasons.includes('InvalidSelector')) steps.push('Give the target a label selector its pods match.');
  if (reasons.includes('ScalingDisabled')) steps.push(`Scale the target to at least 1 replica (${code('kubectl scale')}) if the HPA should run again.`);
  return steps.length ? steps.join(' ') : 'Read the condition message and the HPA\'s events (`kubectl describe hpa`) for the cause.';
}
