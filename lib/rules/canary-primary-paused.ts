/**
 * The primary ScaledObject of a Canary carries `autoscaling.keda.sh/paused-replicas` while the
 * Canary is idle: `Succeeded`, and also `Initialized` (upstream flagger#1934). Flagger pauses the canary ScaledObject with
 * `paused-replicas: "0"` while it is idle; when it creates `<name>-primary` at that moment it copies
 * the annotation along (annotations are copied on create since flagger PR #1677), and its resume
 * only ever touches the canary ScaledObject. KEDA then deletes the primary's HPA and holds the primary
 * Deployment — the one serving all traffic — at the paused count, while the Canary looks healthy.
 *
 * Decision: design §4 names `Succeeded`; `Initialized` is included because it is the same idle
 * state right after the first rollout (the primary serves all traffic, Flagger reports
 * `Promoted=True`), and it is where a primary created during initialization first shows the bug.
 * During an analysis (other phases) the pause is left to `scaledobject-paused`.
 */
import { indexOf } from '../snapshot-index';
import { at, int, str, stringMap } from '../k8s/fields';
import { Canary } from '../k8s/canary';
import type { KubeObject, ObjectRef } from '../k8s/object';
import { PAUSED_REPLICAS_ANNOTATION, ScaledObject } from '../k8s/scaled-object';
import { targetKey, type ScaleTarget, renamed } from '../k8s/scale-target';
import { Workload } from '../k8s/workload';
import { CANARY_IDLE_PHASES, conditionOf } from './scaledobject-paused';
import { code, named, refOf } from './text';
import type { Finding, Rule } from './types';

export const canaryPrimaryPaused: Rule = {
  id: 'canary-primary-paused',
  severity: 'critical',
  title: "A promoted canary's primary ScaledObject is paused",
  check(snapshot, ctx) {
    const findings: Finding[] = [];
    for (const canary of snapshot.objects.canaries) {
      const ref = Canary.autoscaler(canary);
      const target = Canary.target(canary);
      if (!ref || ref.kind !== 'ScaledObject' || !target || !CANARY_IDLE_PHASES.includes(Canary.phase(canary) ?? '')) continue;
      const primarySo = indexOf(snapshot).get('scaledobjects', ref.namespace, Canary.primaryName(ref.name));
      if (!primarySo) continue;
      const value = stringMap(primarySo.metadata.annotations)[PAUSED_REPLICAS_ANNOTATION];
      if (value === undefined) continue;
      const primary: ScaleTarget = renamed(target, Canary.primaryName(target.name));
      const node = ctx.graph.nodes.get(targetKey(primary));
      const primaryRef: ObjectRef = node?.object ? refOf(node.object) : { apiVersion: primary.apiVersion, kind: primary.kind, namespace: primary.namespace, name: primary.name };
      const hpaName = ScaledObject.hpaName(primarySo);
      const hpaExists = !!indexOf(snapshot).get('hpas', primarySo.metadata.namespace, hpaName);
      findings.push(finding(canary, primarySo, primaryRef, node?.object, value, hpaExists));
    }
    return findings;
  },
};

function finding(canary: KubeObject, primarySo: KubeObject, primaryRef: ObjectRef, primary: KubeObject | undefined, value: string, hpaExists: boolean): Finding {
  const paused = conditionOf(primarySo.status, 'Paused');
  const pinned = int(at(primarySo.status, 'pausedReplicaCount'));
  const replicas = primary ? Workload.replicas(primary) : undefined;
  const soName = primarySo.metadata.name ?? '';
  const ns = primarySo.metadata.namespace ?? '';
  return {
    rule: canaryPrimaryPaused.id,
    severity: canaryPrimaryPaused.severity,
    subjects: [primaryRef, refOf(primarySo), refOf(canary)],
    message: `Primary ScaledObject ${code(soName)} of Canary ${code(canary.metadata.name ?? '')} is paused at ${code(value)} replicas while the canary is ${Canary.phase(canary) === 'Succeeded' ? 'promoted' : 'initialized'}`,
    explanation:
      `Canary ${code(canary.metadata.name ?? '')} is ${code(Canary.phase(canary) ?? '')}, but ${named(refOf(primarySo))}, which scales the primary ${named(primaryRef)}, carries ${code(`${PAUSED_REPLICAS_ANNOTATION}: "${value}"`)}` +
      `${paused?.status === 'True' ? ` (KEDA reports ${code('Paused=True')}${paused.lastTransitionTime ? ` since ${paused.lastTransitionTime}` : ''})` : pinned !== undefined ? ` (KEDA pins it at ${pinned})` : ''}. ` +
      `A paused ScaledObject has no HPA — KEDA deletes it${hpaExists ? '' : `, and ${code(ScaledObject.hpaName(primarySo))} is indeed gone`} — and KEDA holds the workload at the paused count, so the primary no longer scales with load` +
      (replicas
        ? value === '0'
          ? replicas.desired === 0
            ? ': it is at 0 replicas, so nothing serves the traffic Flagger routes to the primary. '
            : `: it has ${replicas.desired} replica${replicas.desired === 1 ? '' : 's'} now and KEDA is taking it to 0, after which nothing serves the traffic Flagger routes to the primary. `
          : `: it has ${replicas.desired} replica${replicas.desired === 1 ? '' : 's'} now. `
        : '. ') +
      `Flagger pauses the canary ScaledObject with ${code('paused-replicas: "0"')} while the canary is idle; when it created ${code(soName)} it copied the canary ScaledObject's annotations, the pause included, and its resume only clears the canary ScaledObject, never the primary (flagger#1934). Flagger still reports the canary as healthy (${code('Promoted=True')}).`,
    remedy: `Remove the annotation from the primary ScaledObject: ${code(`kubectl annotate scaledobject ${soName} -n ${ns} ${PAUSED_REPLICAS_ANNOTATION}-`)} (action ${code('scaledobject-resume')}). It comes back whenever Flagger recreates ${code(soName)} while the canary is paused (deleted ScaledObject, recreated Canary), until Flagger drops the annotation on create (flagger PR #1972).`,
    actions: ['scaledobject-resume'],
    since: paused?.status === 'True' && paused.lastTransitionTime ? paused.lastTransitionTime : str(primarySo.metadata.creationTimestamp),
  };
}
