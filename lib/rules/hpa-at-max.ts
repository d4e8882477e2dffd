/**
 * An HPA running its target at `maxReplicas`. When the metrics ask for more, the HPA controller
 * caps the count and sets `ScalingLimited=True` with reason `TooManyReplicas` (kubernetes/kubernetes
 * pkg/controller/podautoscaler/horizontal.go `convertDesiredReplicasWithRules` /
 * `convertDesiredReplicasWithBehaviorRate`): from then on every pod carries more than the target
 * load. That condition's lastTransitionTime says since when (Backstage's Kubernetes plugin flags the
 * same state as `hpa-max-current-replicas`).
 */
import { indexOf } from '../snapshot-index';
import { formatDuration } from '../duration';
import { sources, keyOf } from '../graph/scaling-graph';
import { at, list, num, str } from '../k8s/fields';
import { Hpa } from '../k8s/hpa';
import type { KubeObject } from '../k8s/object';
import { targetKey } from '../k8s/scale-target';
import { readCondition } from './hpa-unable-to-scale';
import { code, listing, named, refOf } from './text';
import type { Finding, Rule } from './types';

export const hpaAtMax: Rule = {
  id: 'hpa-at-max',
  volatile: true,
  severity: 'info',
  title: 'HPA at its maximum',
  check(snapshot, { graph, now }) {
    const findings: Finding[] = [];
    for (const hpa of snapshot.objects.hpas) {
      const max = Hpa.maxReplicas(hpa);
      if (max === undefined || max < 1 || Hpa.currentReplicas(hpa) !== max) continue;
      // min = max pins the size on purpose: only worth saying when the metrics want more.
      if (Hpa.minReplicas(hpa) >= max && !tooManyReplicas(hpa)) continue;
      const t = Hpa.scaleTarget(hpa);
      const workload = t ? graph.nodes.get(targetKey(t))?.object : undefined;
      const crons = sources(graph, keyOf(hpa), 'adjusts').map((n) => n.object).filter((o): o is KubeObject => !!o);
      const ownerName = Hpa.ownerScaledObject(hpa);
      const owner = ownerName ? indexOf(snapshot).get('scaledobjects', hpa.metadata.namespace, ownerName) : undefined;
      findings.push(finding(hpa, max, workload, owner, ownerName, crons, now));
    }
    return findings;
  },
};

/** `status.currentMetrics` in words: `cpu at 92%`, `queue_depth at 41`. */
function currentMetrics(hpa: KubeObject): string[] {
  return list(at(hpa.status, 'currentMetrics')).flatMap((m) => {
    const type = str(at(m, 'type'));
    if (!type) return [];
    const source = at(m, type.charAt(0).toLowerCase() + type.slice(1));
    const name = str(at(source, 'name')) ?? str(at(source, 'metric', 'name'));
    const pct = num(at(source, 'current', 'averageUtilization'));
    const value = str(at(source, 'current', 'averageValue')) ?? str(at(source, 'current', 'value'));
    const figure = pct !== undefined ? `${pct}%` : value;
    if (!name || !figure) return [];
    return [`${name} at ${figure}`];
  });
}

/** `ScalingLimited=True` reason `TooManyReplicas`: the metrics ask for more than the maximum. */
function tooManyReplicas(hpa: KubeObject) {
  const limited = readCondition(hpa.status, 'ScalingLimited');
  return limited?.status === 'True' && limited.reason === 'TooManyReplicas' ? limited : undefined;
}

function finding(hpa: KubeObject, max: number, workload: KubeObject | undefined, owner: KubeObject | undefined, ownerName: string | undefined, crons: KubeObject[], now: string): Finding {
  const tooMany = tooManyReplicas(hpa);
  const sinceMs = tooMany?.lastTransitionTime ? Date.parse(tooMany.lastTransitionTime) : NaN;
  const nowMs = Date.parse(now);
  const age = Number.isFinite(sinceMs) && nowMs >= sinceMs ? formatDuration(Math.floor((nowMs - sinceMs) / 60_000) * 60_000) : undefined;
  const t = Hpa.scaleTarget(hpa);
  const target = workload ? named(refOf(workload)) : t ? `${t.kind} ${code(t.name)}` : 'its target';
  const targets = Hpa.metrics(hpa).map((m) => m.label);
  const observed = currentMetrics(hpa);
  const canaryPrimary = (hpa.metadata.ownerReferences ?? []).some((o) => o?.kind === 'Canary') && (hpa.metadata.name ?? '').endsWith('-primary');
  const hpaName = hpa.metadata.name ?? '';
  return {
    rule: hpaAtMax.id,
    severity: hpaAtMax.severity,
    subjects: [...(workload ? [refOf(workload)] : []), refOf(hpa), ...(owner ? [refOf(owner)] : [])],
    message: `HPA ${code(hpaName)} holds ${target} at its maximum of ${max} replicas${age ? ` for ${age}` : ''}`,
    explanation:
      `${named(refOf(hpa))} scales ${target} between ${Hpa.minReplicas(hpa)} and ${max} replicas${targets.length ? ` on ${listing(targets)}` : ''}, and runs it at ${max}, the most it may. ` +
      (tooMany
        ? `Its metrics ask for more: the controller reports ${code('ScalingLimited=True')} with reason ${code('TooManyReplicas')}${tooMany.lastTransitionTime ? ` since ${tooMany.lastTransitionTime}${age ? ` (${age})` : ''}` : ''}${observed.length ? `, with ${listing(observed)} now` : ''}. Every pod carries more than the target load and the HPA cannot add any.`
        : `The metrics do not ask for more right now${observed.length ? ` (${listing(observed)})` : ''}, but there is no headroom: more load will not get more pods.`) +
      (crons.length ? ` ${listing(crons.map((c) => named(refOf(c))))} also adjust${crons.length === 1 ? 's' : ''} these bounds on a schedule (a job above the maximum raises it).` : ''),
    remedy:
      (ownerName
        ? `Raise ${code('maxReplicaCount')} on ScaledObject ${code(ownerName)}: KEDA writes this HPA from it and would undo an edit here.`
        : canaryPrimary
          ? `Raise ${code('maxReplicas')} on HPA ${code(hpaName.slice(0, -'-primary'.length))}, the Canary's autoscaler: Flagger copies it to ${code(hpaName)}.`
          : `Raise ${code('maxReplicas')} on ${named(refOf(hpa))}.`) +
      ' Check first that the cluster has room for the extra pods, and look at why demand grew (more traffic, a slower release, a stuck consumer): more replicas only help when the load spreads across pods.',
    since: tooMany?.lastTransitionTime,
  };
}
