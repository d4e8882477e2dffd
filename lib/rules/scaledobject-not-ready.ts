/**
 * A ScaledObject whose `Ready` condition is not `True` (reason and message shown; no condition at
 * all means KEDA never reported on it), or which is Ready but the HPA it should own is missing:
 * `status.hpaName`, else the computed name (`advanced.horizontalPodAutoscalerConfig.name` or
 * `keda-hpa-<name>`; the operator looks the HPA up by `status.hpaName` first, upstream
 * `getHPANameOnEnsure`). A fully paused ScaledObject has no HPA by design and is not reported for it
 * (`scaledobject-paused` covers it).
 */
import { indexOf } from '../snapshot-index';
import type { Condition, KubeObject, ObjectRef } from '../k8s/object';
import { at, str } from '../k8s/fields';
import { ScaledObject } from '../k8s/scaled-object';
import { targetKey } from '../k8s/scale-target';
import { conditionOf, pausesOf } from './scaledobject-paused';
import { code, named, refOf } from './text';
import type { Finding, Rule } from './types';

export const scaledObjectNotReady: Rule = {
  id: 'scaledobject-not-ready',
  severity: 'warning',
  title: 'ScaledObject not Ready',
  check(snapshot, ctx) {
    const findings: Finding[] = [];
    for (const so of snapshot.objects.scaledobjects) {
      const target = ScaledObject.scaleTarget(so);
      const node = target ? ctx.graph.nodes.get(targetKey(target)) : undefined;
      const workload: ObjectRef | undefined = node?.object ? refOf(node.object) : target ? { apiVersion: target.apiVersion, kind: target.kind, namespace: target.namespace, name: target.name } : undefined;
      const hpaName = str(at(so.status, 'hpaName')) || ScaledObject.hpaName(so);
      const hpa = indexOf(snapshot).get('hpas', so.metadata.namespace, hpaName);
      const ready = conditionOf(so.status, 'Ready');
      if (ready?.status !== 'True') {
        findings.push(notReady(so, workload, !!target && !node?.object, ready, hpaName, hpa));
        continue;
      }
      const fullyPaused = pausesOf(so).some((p) => p.kind === 'replicas' || p.kind === 'full');
      if (!hpa && !fullyPaused) findings.push(hpaMissing(so, workload, hpaName));
    }
    return findings;
  },
};

function subjectsOf(so: KubeObject, workload: ObjectRef | undefined): ObjectRef[] {
  return [...(workload ? [workload] : []), refOf(so)];
}

function notReady(so: KubeObject, workload: ObjectRef | undefined, targetMissing: boolean, ready: Condition | undefined, hpaName: string, hpa: KubeObject | undefined): Finding {
  const soRef = refOf(so);
  const state = ready
    ? `KEDA reports ${code(`Ready=${ready.status}`)}${ready.reason ? ` with reason ${code(ready.reason)}` : ''}${ready.message ? `: ${code(ready.message)}` : ''}${ready.lastTransitionTime ? ` (since ${ready.lastTransitionTime})` : ''}.`
    : `It has no ${code('Ready')} condition: the KEDA operator has never reported on it — it is not running, not watching this namespace, or has not got to this ScaledObject yet.`;
  const what = workload ? named(workload) : 'its workload';
  return {
    rule: scaledObjectNotReady.id,
    severity: scaledObjectNotReady.severity,
    subjects: subjectsOf(so, workload),
    message: `ScaledObject ${code(so.metadata.name ?? '')} is not Ready${ready?.reason ? ` (${ready.reason})` : ready ? '' : ' (no status)'}`,
    explanation:
      `${named(soRef)} scales ${what}${targetMissing ? `, which does not exist in namespace ${code(so.metadata.namespace ?? '')}` : ''}. ${state} ` +
      `While a ScaledObject is not Ready, KEDA has not (or not fully) set up its scalers and its HPA: ${hpa ? `HPA ${code(hpaName)} exists but may still carry an older spec` : `its HPA ${code(hpaName)} does not exist`}, so ${what} does not scale on this ScaledObject's triggers` +
      `${ScaledObject.minReplicas(so) === 0 ? `, and nothing activates it from zero` : ''}.`,
    remedy: ready
      ? `Fix what the message names (a missing scale target, a trigger that cannot be parsed or authenticated, invalid min/max), then check that the condition turns ${code('Ready=True')}; the keda-operator log shows the full error for this ScaledObject.`
      : `Check that the keda-operator Deployment runs and watches namespace ${code(so.metadata.namespace ?? '')} (its ${code('WATCH_NAMESPACE')}), and look at its log for this ScaledObject.`,
    since: ready?.lastTransitionTime ?? (ready ? undefined : str(so.metadata.creationTimestamp)),
  };
}

function hpaMissing(so: KubeObject, workload: ObjectRef | undefined, hpaName: string): Finding {
  const soRef = refOf(so);
  const what = workload ? named(workload) : 'its workload';
  return {
    rule: scaledObjectNotReady.id,
    severity: scaledObjectNotReady.severity,
    subjects: subjectsOf(so, workload),
    message: `ScaledObject ${code(so.metadata.name ?? '')} is Ready but its HPA ${code(hpaName)} is missing`,
    explanation:
      `${named(soRef)} reports ${code('Ready=True')}, but the HPA it should own, ${code(hpaName)}${str(at(so.status, 'hpaName')) ? ` (its ${code('status.hpaName')})` : ' (the name KEDA computes for it)'}, does not exist in namespace ${code(so.metadata.namespace ?? '')}. ` +
      `KEDA only moves ${what} between zero and one replica itself; everything above that is the HPA's job, so without it the workload does not scale with load. ` +
      `KEDA recreates the HPA when it next reconciles the ScaledObject — if it stays missing, something deletes it again or the operator is stuck.`,
    remedy: `Make KEDA reconcile the ScaledObject (a change to its spec, or a restart of the keda-operator) and check that HPA ${code(hpaName)} appears with an owner reference to ${named(soRef)}; if it disappears again, look for whatever deletes it (a GitOps tool pruning unknown HPAs is common).`,
  };
}
