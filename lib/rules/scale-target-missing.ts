/**
 * An autoscaler (HPA, ScaledObject, VPA, CronHPA) or a Canary whose target does not exist: a node
 * of the scaling graph without an object. Each controller then does nothing for it: the HPA
 * controller sets `AbleToScale=False` reason `FailedGetScale` (kubernetes/kubernetes
 * pkg/controller/podautoscaler/horizontal.go `reconcileAutoscaler`); KEDA keeps the ScaledObject
 * not Ready and makes no HPA (kedacore/keda controllers/keda/scaledobject_controller.go
 * `checkTargetResourceIsScalable`); the CronHPA controller fails every job ("failed to find source
 * target", pkg/controller/cronjob.go); the VPA has no pods to watch; Flagger cannot initialise the
 * Canary.
 *
 * Only targets of kinds the snapshot lists (Deployments, StatefulSets, HPAs) and whose kind is
 * synced count as missing: anything else (an Argo Rollout, a DaemonSet) may well exist. The VPA
 * and Flagger find well-known workloads by kind and name, so for them another API group of the
 * same kind and name still counts as the target; the HPA, KEDA and CronHPA controllers resolve the
 * group, so for them it does not, and the finding says so.
 */
import { indexOf } from '../snapshot-index';
import { Canary } from '../k8s/canary';
import { CronHpa } from '../k8s/cron-hpa';
import { Hpa } from '../k8s/hpa';
import type { KubeObject } from '../k8s/object';
import type { ResourceId } from '../k8s/resources';
import { ScaledObject } from '../k8s/scaled-object';
import { targetKey, type ScaleTarget } from '../k8s/scale-target';
import { Vpa } from '../k8s/vpa';
import type { Snapshot } from '../snapshot';
import { readCondition } from './hpa-unable-to-scale';
import { code, named, refOf } from './text';
import type { Finding, Rule } from './types';

export const scaleTargetMissing: Rule = {
  id: 'scale-target-missing',
  severity: 'warning',
  title: 'Autoscaler target does not exist',
  check(snapshot, { graph }) {
    const findings: Finding[] = [];
    const sources: [readonly KubeObject[], (o: KubeObject) => ScaleTarget | undefined][] = [
      [snapshot.objects.hpas, Hpa.scaleTarget],
      [snapshot.objects.scaledobjects, ScaledObject.scaleTarget],
      [snapshot.objects.vpas, Vpa.target],
      [snapshot.objects.cronhpas, CronHpa.scaleTarget],
      [snapshot.objects.canaries, Canary.target],
    ];
    for (const [objects, targetOf] of sources) {
      for (const obj of objects) {
        const t = targetOf(obj);
        const id = t && listedAs(t);
        if (!t || !id || !synced(snapshot, id) || graph.nodes.get(targetKey(t))?.object) continue;
        const sameName = snapshot.objects[id].find((o) => o.metadata.namespace === t.namespace && o.metadata.name === t.name && o.kind === t.kind);
        // The VPA and Flagger look well-known workloads up by kind and name, whatever the group.
        if (sameName && (obj.kind === 'VerticalPodAutoscaler' || obj.kind === 'Canary')) continue;
        findings.push(finding(snapshot, obj, t, sameName));
      }
    }
    return findings;
  },
};

/** The snapshot kind a target would be listed under, for the kinds scaleguard reads. */
function listedAs(t: ScaleTarget): ResourceId | undefined {
  const workloadGroup = t.group === 'apps' || t.group === 'extensions' || t.group === '';
  if (t.kind === 'Deployment' && workloadGroup) return 'deployments';
  if (t.kind === 'StatefulSet' && workloadGroup) return 'statefulsets';
  if (t.kind === 'HorizontalPodAutoscaler' && t.group === 'autoscaling') return 'hpas';
  return undefined;
}

function synced(s: Snapshot, id: ResourceId): boolean {
  const state = s.kinds[id]?.state;
  return state === 'synced' || state === 'stale';
}

const CONSEQUENCE: Record<string, string> = {
  HorizontalPodAutoscaler: `The HPA controller cannot read the target's ${code('/scale')}: it sets ${code('AbleToScale=False')} with reason ${code('FailedGetScale')} and scales nothing.`,
  ScaledObject: 'KEDA cannot find a scalable target: the ScaledObject stays not Ready, KEDA makes no HPA and nothing scales.',
  VerticalPodAutoscaler: 'The VPA has no pods to watch: it gives no recommendation and changes no requests.',
  CronHorizontalPodAutoscaler: `Every job fails when it runs (state ${code('Failed')}), so the schedule does nothing.`,
  Canary: 'Flagger has no Deployment to copy into the primary, so it cannot initialise the Canary or analyse a release.',
};

function finding(s: Snapshot, obj: KubeObject, t: ScaleTarget, sameName: KubeObject | undefined): Finding {
  const ownerName = obj.kind === 'HorizontalPodAutoscaler' ? Hpa.ownerScaledObject(obj) : undefined;
  const owner = ownerName ? indexOf(s).get('scaledobjects', obj.metadata.namespace, ownerName) : undefined;
  const field = obj.kind === 'VerticalPodAutoscaler' || obj.kind === 'Canary' ? 'targetRef' : 'scaleTargetRef';
  const wanted = `${t.kind} ${code(t.name)}${t.apiVersion ? ` (${code(t.apiVersion)})` : ''}`;
  const why = sameName
    ? `There is a ${t.kind} ${code(t.name)}, but under ${code(sameName.apiVersion)}, and this controller resolves the API group from ${code(`apiVersion: ${t.apiVersion || '""'}`)}, which does not serve it.`
    : `No ${t.kind} ${code(t.name)} exists in namespace ${code(t.namespace)}.`;
  const made = ownerName ? ` KEDA made this HPA for ScaledObject ${code(ownerName)} and copies its ${code('scaleTargetRef')}${owner ? '' : ' (that ScaledObject is gone too; Kubernetes garbage-collects the HPA once it notices)'}.` : '';
  const cond = obj.kind === 'HorizontalPodAutoscaler' ? readCondition(obj.status, 'AbleToScale') : obj.kind === 'ScaledObject' ? readCondition(obj.status, 'Ready') : undefined;
  const observed = cond?.status === 'False' ? cond : undefined;
  return {
    rule: scaleTargetMissing.id,
    severity: scaleTargetMissing.severity,
    subjects: [refOf(obj), ...(owner ? [refOf(owner)] : [])],
    message: `${named(refOf(obj))} targets ${wanted}, which does not exist`,
    explanation:
      `${named(refOf(obj))} names ${wanted} in its ${code(field)}. ${why}${made} ${CONSEQUENCE[obj.kind] ?? ''}` +
      (observed?.message ? ` Its status already says so: ${code(observed.message)}.` : ''),
    remedy: ownerName
      ? `Fix ${code('scaleTargetRef')} on ScaledObject ${code(ownerName)} (KEDA rewrites the HPA from it), or delete the ScaledObject if the workload is gone for good.`
      : sameName
        ? `Set ${code(`${field}.apiVersion`)} to ${code(sameName.apiVersion)}.`
        : `Point ${code(field)} at ${t.kind === 'HorizontalPodAutoscaler' ? 'an HPA' : 'a workload'} that exists (kind, apiVersion and name, in namespace ${code(t.namespace)}), create it, or delete ${named(refOf(obj))} if ${t.kind === 'HorizontalPodAutoscaler' ? 'it' : 'the workload'} is gone for good.`,
    since: observed?.lastTransitionTime,
  };
}
