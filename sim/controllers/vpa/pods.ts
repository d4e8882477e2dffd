/** What the simulated VPA components share: targets, their pods, owners, requests, recommendations. */
import { labelSelectorRequirements, matchesLabels, type LabelRequirement } from '@/lib/k8s/label-selector';
import type { KubeObject } from '@/lib/k8s/object';
import { parseQuantity } from '@/lib/k8s/quantity';
import type { RecommendationAmounts } from '@/lib/vpa';
import { ApiError } from '../../api/errors';
import type { ControllerContext } from '../runtime/controller';

type Obj = Record<string, unknown>;
export const VPA_STORAGE = 'autoscaling.k8s.io/verticalpodautoscalers';

export function vpaResource(ctx: ControllerContext) {
  return ctx.api.resourceFor('autoscaling.k8s.io/v1', 'VerticalPodAutoscaler');
}

export function listVpas(ctx: ControllerContext): KubeObject[] {
  const res = vpaResource(ctx);
  return res ? ctx.api.list(res, undefined).items : [];
}

export function updateMode(vpa: KubeObject): string {
  const m = ((vpa.spec as Obj | undefined)?.updatePolicy as Obj | undefined)?.updateMode;
  return typeof m === 'string' ? m : 'Auto';
}

/** The target's pod selector, or undefined when the target cannot be read ("Cannot read targetRef"). */
export function targetSelector(ctx: ControllerContext, vpa: KubeObject): LabelRequirement[] | undefined {
  const ref = ((vpa.spec as Obj | undefined)?.targetRef ?? {}) as Obj;
  const res = ctx.api.resourceFor(typeof ref.apiVersion === 'string' && ref.apiVersion ? ref.apiVersion : 'apps/v1', String(ref.kind ?? ''));
  if (!res || typeof ref.name !== 'string') return undefined;
  let target: KubeObject;
  try {
    target = ctx.api.get(res, vpa.metadata.namespace, ref.name);
  } catch (e) {
    if (e instanceof ApiError) return undefined;
    throw e;
  }
  const r = labelSelectorRequirements((target.spec as Obj | undefined)?.selector);
  return r.ok ? r.requirements : undefined;
}

/** Live pods (not being deleted, not finished) the selector matches. */
export function podsMatching(ctx: ControllerContext, namespace: string, reqs: LabelRequirement[]): KubeObject[] {
  return ctx.store.list('/pods', namespace).filter((p) => !p.metadata.deletionTimestamp && matchesLabels(reqs, p.metadata.labels)
    && !['Succeeded', 'Failed'].includes(String((p.status as Obj | undefined)?.phase)));
}

export const phaseOf = (p: KubeObject) => String((p.status as Obj | undefined)?.phase ?? 'Pending');

/** The pod's controller owner (the updater's "replica creator"). */
export function creatorOf(pod: KubeObject): { kind: string; name: string } | undefined {
  const o = (pod.metadata.ownerReferences ?? []).find((r) => r.controller);
  return o ? { kind: o.kind, name: o.name } : undefined;
}

/** The workload a pod belongs to: its controller, or the Deployment owning its ReplicaSet. */
export function workloadOf(ctx: ControllerContext, pod: KubeObject): { kind: string; name: string } | undefined {
  const c = creatorOf(pod);
  if (c?.kind !== 'ReplicaSet') return c;
  const rs = ctx.store.get('apps/replicasets', pod.metadata.namespace, c.name);
  const owner = (rs?.metadata.ownerReferences ?? []).find((r) => r.controller);
  return owner ? { kind: owner.kind, name: owner.name } : c;
}

export interface ContainerResources {
  requests: Record<string, string>;
  limits: Record<string, string>;
}

export function specResources(pod: KubeObject): Map<string, ContainerResources> {
  const out = new Map<string, ContainerResources>();
  for (const c of (((pod.spec as Obj | undefined)?.containers ?? []) as Obj[])) {
    const r = (c.resources ?? {}) as Obj;
    out.set(String(c.name), { requests: { ...((r.requests ?? {}) as Record<string, string>) }, limits: { ...((r.limits ?? {}) as Record<string, string>) } });
  }
  return out;
}

/**
 * Requests the updater compares with the recommendation: the container's actual resources from
 * `status.containerStatuses[].resources` when the kubelet reports them, else the spec
 * (vpa pkg/utils/resources `ContainerRequestsAndLimits`). Base units: cores and bytes.
 */
export function actualRequests(pod: KubeObject): Record<string, Record<string, number>> {
  const statuses = (((pod.status as Obj | undefined)?.containerStatuses ?? []) as Obj[]);
  const out: Record<string, Record<string, number>> = {};
  for (const [name, spec] of specResources(pod)) {
    const st = statuses.find((s) => s.name === name);
    const requests = ((st?.resources as Obj | undefined)?.requests ?? spec.requests) as Record<string, string>;
    out[name] = {};
    for (const [k, v] of Object.entries(requests)) {
      const n = parseQuantity(v);
      if (n !== undefined) out[name]![k] = n;
    }
  }
  return out;
}

export interface StatusRecommendation {
  containerName: string;
  target: Record<string, string>;
  lowerBound?: Record<string, string>;
  upperBound?: Record<string, string>;
}

export function recommendationOf(vpa: KubeObject): StatusRecommendation[] {
  return ((((vpa.status as Obj | undefined)?.recommendation as Obj | undefined)?.containerRecommendations ?? []) as unknown as StatusRecommendation[]);
}

export function recommendationAmounts(vpa: KubeObject): RecommendationAmounts {
  const amounts = (l: Record<string, string> | undefined) => Object.fromEntries(Object.entries(l ?? {}).map(([k, v]) => [k, parseQuantity(v) ?? 0]));
  const out: RecommendationAmounts = {};
  for (const r of recommendationOf(vpa)) out[r.containerName] = { target: amounts(r.target), lowerBound: amounts(r.lowerBound), upperBound: amounts(r.upperBound) };
  return out;
}

/**
 * New requests (and limits kept in proportion, unless `controlledValues: RequestsOnly`) for each
 * container with a recommendation (vpa admission-controller `GetContainersResources`, limit
 * proportion from pkg/utils/vpa/limit_and_request_scaling.go).
 */
export function recommendedResources(pod: KubeObject, vpa: KubeObject): Map<string, ContainerResources> {
  const policies = ((((vpa.spec as Obj | undefined)?.resourcePolicy as Obj | undefined)?.containerPolicies ?? []) as Obj[]);
  const out = new Map<string, ContainerResources>();
  for (const [name, cur] of specResources(pod)) {
    const rec = recommendationOf(vpa).find((r) => r.containerName === name);
    if (!rec) continue;
    const policy = policies.find((p) => p.containerName === name) ?? policies.find((p) => p.containerName === '*');
    if (policy?.mode === 'Off') continue;
    const next: ContainerResources = { requests: { ...cur.requests }, limits: { ...cur.limits } };
    for (const [res, target] of Object.entries(rec.target)) {
      const oldReq = parseQuantity(cur.requests[res]);
      next.requests[res] = target;
      const oldLim = parseQuantity(cur.limits[res]);
      if (policy?.controlledValues !== 'RequestsOnly' && oldLim !== undefined && oldReq) {
        const lim = (oldLim * (parseQuantity(target) ?? 0)) / oldReq;
        next.limits[res] = res === 'cpu' ? `${Math.ceil(lim * 1000)}m` : String(Math.ceil(lim));
      }
    }
    out.set(name, next);
  }
  return out;
}
