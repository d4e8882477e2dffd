/**
 * A cpu or memory trigger while a container of the target lacks the matching request. Upstream's
 * webhook check (apis/keda/v1alpha1/scaledobject_webhook.go `verifyCPUMemoryScalers`): only for
 * `apps/v1` Deployments and StatefulSets; every container of the pod template, or only the one named
 * by the trigger's `containerName`; a request or a limit above zero counts (a limit alone becomes the
 * request), as does a LimitRange default for containers in the namespace — scaleguard does not read
 * LimitRanges, so the finding says that such a default would make it moot. Upstream stops at the
 * first container; this rule lists all of them, each in the webhook's wording.
 *
 * At run time the HPA computes a `Utilization` target against the requests of all containers of the
 * pods (a `ContainerResource` one, with `containerName`, against that container's): a missing request
 * makes it report `FailedGetResourceMetric` and stop scaling on that metric.
 */
import { at, list, str } from '../k8s/fields';
import type { KubeObject, ObjectRef } from '../k8s/object';
import { parseQuantity } from '../k8s/quantity';
import { ScaledObject, type Trigger } from '../k8s/scaled-object';
import { targetKey } from '../k8s/scale-target';
import { code, listing, named, refOf } from './text';
import type { Finding, Rule } from './types';

interface Gap {
  trigger: Trigger;
  resource: 'cpu' | 'memory';
  container: string;
}

export const scaledObjectCpuMemoryWithoutRequests: Rule = {
  id: 'scaledobject-cpu-memory-without-requests',
  severity: 'warning',
  title: 'cpu/memory trigger without container requests',
  check(snapshot, ctx) {
    const findings: Finding[] = [];
    for (const so of snapshot.objects.scaledobjects) {
      const triggers = ScaledObject.triggers(so).filter((t) => t.type === 'cpu' || t.type === 'memory');
      if (triggers.length === 0) continue;
      const target = ScaledObject.scaleTarget(so);
      // Upstream checks apps/v1 Deployments and StatefulSets only.
      if (!target || target.group !== 'apps' || (target.kind !== 'Deployment' && target.kind !== 'StatefulSet')) continue;
      const workload = ctx.graph.nodes.get(targetKey(target))?.object;
      if (!workload) continue;
      const gaps = triggers.flatMap((t) => gapsOf(workload, t));
      if (gaps.length === 0) continue;
      findings.push(finding(so, workload, gaps));
    }
    return findings;
  },
};

function resourceSet(resources: unknown, name: string): boolean {
  const req = parseQuantity(at(resources, 'requests', name));
  const lim = parseQuantity(at(resources, 'limits', name));
  return (req ?? 0) > 0 || (lim ?? 0) > 0;
}

function gapsOf(workload: KubeObject, trigger: Trigger): Gap[] {
  const resource = trigger.type as 'cpu' | 'memory';
  const only = trigger.metadata.containerName ?? '';
  return list(at(workload.spec, 'template', 'spec', 'containers'))
    .filter((c) => only === '' || str(at(c, 'name')) === only)
    .filter((c) => !resourceSet(at(c, 'resources'), resource))
    .map((c) => ({ trigger, resource, container: str(at(c, 'name')) ?? '' }));
}

function metricType(t: Trigger): string {
  return t.metricType || t.metadata.type || 'Utilization';
}

function finding(so: KubeObject, workload: KubeObject, gaps: Gap[]): Finding {
  const wRef: ObjectRef = refOf(workload);
  const soRef = refOf(so);
  const unique = [...new Map(gaps.map((g) => [`${g.resource}/${g.container}`, g])).values()];
  const resources = [...new Set(unique.map((g) => g.resource))];
  const utilization = unique.some((g) => metricType(g.trigger) === 'Utilization');
  const scoped = unique.some((g) => g.trigger.metadata.containerName);
  return {
    rule: scaledObjectCpuMemoryWithoutRequests.id,
    severity: scaledObjectCpuMemoryWithoutRequests.severity,
    subjects: [wRef, soRef],
    message: `ScaledObject ${code(so.metadata.name ?? '')} scales on ${listing(resources.map((r) => code(r)))} but ${listing(unique.map((g) => `container ${code(g.container)}`))} of ${named(wRef)} ${unique.length === 1 ? 'has' : 'have'} no ${resources.join('/')} request`,
    explanation:
      `${named(soRef)} has ${listing(resources.map((r) => `a ${code(r)} trigger`))} for ${named(wRef)}${scoped ? ` (limited to ${listing([...new Set(unique.map((g) => g.trigger.metadata.containerName).filter((n): n is string => !!n))].map((n) => `container ${code(n)}`))} by the trigger's ${code('containerName')})` : ''}, and ${listing(unique.map((g) => `container ${code(g.container)} sets no ${code(g.resource)} request or limit`))}. ` +
      `KEDA's admission webhook refuses such a ScaledObject on create or update: ${listing(unique.map((g) => code(`the scaledobject has a ${g.resource} trigger but the container ${g.container} doesn't have the ${g.resource} request defined`)))} — unless a LimitRange in namespace ${code(so.metadata.namespace ?? '')} gives containers a default ${resources.join('/')} request, which scaleguard cannot see. ` +
      (utilization
        ? `At run time the HPA measures utilization as usage divided by the request; without a request it reports ${code('FailedGetResourceMetric')} (${code('missing request for …')}) and does not scale on this metric.`
        : `With ${code('AverageValue')} targets the HPA itself does not need requests, but the webhook still refuses any create or update of the ScaledObject.`),
    remedy: `Set ${listing(resources.map((r) => code(`resources.requests.${r}`)))} on ${listing(unique.map((g) => code(g.container)))} in the pod template of ${named(wRef)}${!scoped ? `, or scope the trigger to the main container with ${code('metadata.containerName')}` : ''}.`,
  };
}
