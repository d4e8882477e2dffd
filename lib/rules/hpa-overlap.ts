/**
 * Two or more HPAs — native or made by KEDA — scale one workload. The HPA controller cannot tell
 * which one owns the pods, sets `ScalingActive=False` reason `AmbiguousSelector` on them and stops
 * scaling (upstream: kubernetes#112011, keda#5825).
 */
import { sources } from '../graph/scaling-graph';
import { Hpa } from '../k8s/hpa';
import { findCondition, type KubeObject } from '../k8s/object';
import { code, latest, listing, named, refOf } from './text';
import type { Finding, Rule } from './types';

export const hpaOverlap: Rule = {
  id: 'hpa-overlap',
  severity: 'critical',
  title: 'Several HPAs scale one workload',
  check(_snapshot, { graph }) {
    const findings: Finding[] = [];
    for (const w of graph.workloads) {
      const hpas = sources(graph, w.key, 'scales').map((n) => n.object).filter((o): o is KubeObject => o?.kind === 'HorizontalPodAutoscaler');
      if (hpas.length < 2 || !w.object) continue;
      findings.push(finding(w.object, hpas));
    }
    return findings;
  },
};

function describeHpa(hpa: KubeObject): string {
  const owner = Hpa.ownerScaledObject(hpa);
  const metrics = Hpa.metrics(hpa).map((m) => m.label).join(', ') || 'no metrics';
  return `${code(hpa.metadata.name ?? '')} (${metrics}, ${Hpa.minReplicas(hpa)}–${Hpa.maxReplicas(hpa) ?? '?'} replicas${owner ? `, made by ScaledObject ${code(owner)}` : ''})`;
}

function finding(workload: KubeObject, hpas: KubeObject[]): Finding {
  const ambiguous = hpas.map((h) => findCondition(h.status, 'ScalingActive')).find((c) => c?.status === 'False' && c.reason === 'AmbiguousSelector');
  const observed = ambiguous?.message ? ` The HPA controller already reports it: ${code(ambiguous.message)}.` : '';
  const byKeda = hpas.some((h) => Hpa.ownerScaledObject(h));
  return {
    rule: hpaOverlap.id,
    severity: hpaOverlap.severity,
    subjects: [refOf(workload), ...hpas.map(refOf)],
    message: `${hpas.length} HPAs scale ${named(refOf(workload))}: ${listing(hpas.map((h) => code(h.metadata.name ?? '')))}`,
    explanation:
      `${named(refOf(workload))} is the scale target of ${hpas.length} HPAs: ${listing(hpas.map(describeHpa))}. ` +
      `An HPA finds its pods through the workload's selector, so these HPAs claim the same pods. The HPA controller cannot tell which one is in charge: ` +
      `it sets ${code('ScalingActive=False')} with reason ${code('AmbiguousSelector')} on them and stops scaling the workload altogether, whatever the load.${observed}` +
      (byKeda ? ' An HPA that KEDA made for a ScaledObject counts like any other.' : ''),
    remedy: byKeda
      ? 'Keep one autoscaler: delete the native HPA, or let the ScaledObject adopt it (migration `hpa-to-scaledobject`), which turns it into the one HPA KEDA manages.'
      : 'Keep one HPA: put all the metrics into it (an HPA with several metrics scales to the highest recommendation) and delete the others.',
    actions: byKeda ? ['hpa-to-scaledobject'] : undefined,
    since: latest(...hpas.map((h) => h.metadata.creationTimestamp)),
  };
}
