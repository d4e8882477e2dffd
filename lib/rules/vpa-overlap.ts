/**
 * Two or more VPAs target one workload. The VPA admission controller and updater act on a pod
 * through one VPA only: the oldest one whose target controls the pod, ties broken by name
 * (kubernetes/autoscaler vertical-pod-autoscaler/pkg/utils/vpa/api.go `GetControllingVPAForPod`,
 * `stronger`). Every other VPA is silently ignored for those pods while the recommender keeps
 * computing its recommendations, so its policy looks active and is not.
 */
import { sources } from '../graph/scaling-graph';
import type { KubeObject } from '../k8s/object';
import { Vpa } from '../k8s/vpa';
import { code, latest, listing, named, refOf } from './text';
import type { Finding, Rule } from './types';

export const vpaOverlap: Rule = {
  id: 'vpa-overlap',
  severity: 'warning',
  title: 'Several VPAs target one workload',
  check(_snapshot, { graph }) {
    const findings: Finding[] = [];
    for (const w of graph.workloads) {
      const vpas = sources(graph, w.key, 'scales').map((n) => n.object).filter((o): o is KubeObject => o?.kind === 'VerticalPodAutoscaler');
      if (vpas.length < 2 || !w.object) continue;
      findings.push(finding(w.object, vpas));
    }
    return findings;
  },
};

/** Upstream `stronger`: the earlier creationTimestamp wins (a missing one counts as earliest), then the name. */
function controllingFirst(a: KubeObject, b: KubeObject): number {
  return (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

function describeVpa(vpa: KubeObject): string {
  const mode = Vpa.updateMode(vpa);
  const resources = Vpa.controlledResources(vpa);
  return `${code(vpa.metadata.name ?? '')} (mode ${code(mode)}${mode === 'Auto' ? ', that is Recreate' : ''}, ${resources.length ? `controls ${listing(resources)}` : 'controls nothing'}${vpa.metadata.creationTimestamp ? `, created ${vpa.metadata.creationTimestamp}` : ''})`;
}

function finding(workload: KubeObject, vpas: KubeObject[]): Finding {
  const ordered = [...vpas].sort(controllingFirst);
  const [winner, ...ignored] = ordered as [KubeObject, ...KubeObject[]];
  const ignoredNames = listing(ignored.map((v) => code(v.metadata.name ?? '')));
  const w = named(refOf(workload));
  return {
    rule: vpaOverlap.id,
    severity: vpaOverlap.severity,
    subjects: [refOf(workload), ...ordered.map(refOf)],
    message: `${vpas.length} VPAs target ${w}: ${listing(ordered.map((v) => code(v.metadata.name ?? '')))}`,
    explanation:
      `${w} is the target of ${vpas.length} VPAs: ${listing(ordered.map(describeVpa))}. ` +
      `The VPA admission controller and updater apply one VPA per pod, the oldest that matches it (ties go to the name that sorts first): here ${code(winner.metadata.name ?? '')}. ` +
      `${ignored.length === 1 ? 'VPA' : 'VPAs'} ${ignoredNames} ${ignored.length === 1 ? 'is' : 'are'} ignored for these pods, though the recommender still fills in ${ignored.length === 1 ? 'its' : 'their'} recommendations, so ${ignored.length === 1 ? 'it looks' : 'they look'} active. ` +
      `Whatever mode, bounds or controlled resources ${ignored.length === 1 ? 'it sets' : 'they set'} do nothing, and deleting ${code(winner.metadata.name ?? '')} would silently switch the pods to another policy.`,
    remedy: `Keep one VPA for ${w}: merge what ${ignoredNames} should do into ${code(winner.metadata.name ?? '')} (per-container ${code('resourcePolicy.containerPolicies')} cover different containers and resources) and delete the rest.`,
    since: latest(...vpas.map((v) => v.metadata.creationTimestamp)),
  };
}
