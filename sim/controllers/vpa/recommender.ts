/**
 * The simulated vpa-recommender (kubernetes/autoscaler vertical-pod-autoscaler pkg/recommender):
 * every `recommenderInterval` it samples each VPA's running pods from the scenario's `Load`
 * documents, estimates each container (lib/vpa `estimateContainer`: percentiles, 15 % margin,
 * confidence-scaled bounds, pod minimums), caps by the resource policy and writes
 * `status.recommendation` and the conditions RecommendationProvided / NoPodsMatched /
 * ConfigUnsupported (pkg/recommender/model/vpa.go `UpdateConditions`).
 */
import { parseDuration } from '@/lib/duration';
import type { KubeObject } from '@/lib/k8s/object';
import { parseQuantity } from '@/lib/k8s/quantity';
import { cappedRecommendation, containerPolicy, estimateContainer, type ContainerPolicy, type Sample } from '@/lib/vpa';
import { rfc3339 } from '../../clock';
import { valueAt } from '../../scenario/curve';
import type { Controller, ControllerContext } from '../runtime/controller';
import { listVpas, phaseOf, podsMatching, targetSelector, vpaResource, workloadOf } from './pods';
import { VpaSettings } from './settings';

type Obj = Record<string, unknown>;
const HISTORY_MS = 8 * 24 * 3600_000;

export function vpaRecommender(): Controller {
  return {
    name: 'vpa',
    user: 'system:serviceaccount:kube-system:vpa-recommender',
    component: 'vpa-recommender',
    start(ctx: ControllerContext) {
      const settings = ctx.settings(VpaSettings);
      const queue = ctx.queue();
      /** `ns/vpa/container` → cpu and memory samples (aggregated over the VPA's pods, as upstream). */
      const history = new Map<string, { cpu: Sample[]; memory: Sample[] }>();
      ctx.scheduler.every(parseDuration(settings.recommenderInterval)!, () => queue.add('recommend', () => runOnce(ctx, history)));
    },
  };
}

async function runOnce(ctx: ControllerContext, history: Map<string, { cpu: Sample[]; memory: Sample[] }>): Promise<void> {
  const res = vpaResource(ctx);
  if (!res) return;
  const now = ctx.clock.now();
  for (const vpa of listVpas(ctx)) {
    const ns = vpa.metadata.namespace!;
    const reqs = targetSelector(ctx, vpa);
    const pods = reqs ? podsMatching(ctx, ns, reqs).filter((p) => phaseOf(p) !== 'Pending') : [];
    const containerNames = new Set<string>();
    for (const pod of pods) {
      const usage = podUsage(ctx, vpa, pod, pods);
      for (const c of (((pod.spec as Obj).containers ?? []) as Obj[])) {
        const name = String(c.name);
        containerNames.add(name);
        const u = usage.get(name);
        if (!u) continue;
        const key = `${ns}/${vpa.metadata.name}/${name}`;
        const h = history.get(key) ?? { cpu: [], memory: [] };
        if (u.cpu !== undefined) h.cpu.push({ at: now, value: u.cpu });
        if (u.memory !== undefined) h.memory.push({ at: now, value: u.memory });
        h.cpu = h.cpu.filter((s) => s.at > now - HISTORY_MS);
        h.memory = h.memory.filter((s) => s.at > now - HISTORY_MS);
        history.set(key, h);
      }
    }
    const policies = ((((vpa.spec as Obj).resourcePolicy as Obj | undefined)?.containerPolicies ?? []) as ContainerPolicy[]);
    const recs = [];
    for (const name of [...containerNames].sort()) {
      const h = history.get(`${ns}/${vpa.metadata.name}/${name}`);
      if (!h || (h.cpu.length === 0 && h.memory.length === 0)) continue;
      const r = cappedRecommendation(name, estimateContainer(h.cpu, h.memory, now, containerNames.size), containerPolicy(policies, name), parseQuantity);
      if (r) recs.push(r);
    }
    await writeStatus(ctx, vpa, reqs !== undefined, pods.length > 0, recs);
  }
}

/** Per-container usage of one pod now: the `Load` curve, shared by the running pods unless `per: perPod`. */
function podUsage(ctx: ControllerContext, vpa: KubeObject, pod: KubeObject, pods: KubeObject[]): Map<string, { cpu?: number; memory?: number }> {
  const out = new Map<string, { cpu?: number; memory?: number }>();
  const ref = ((vpa.spec as Obj).targetRef ?? {}) as Obj;
  const owner = workloadOf(ctx, pod);
  const docs = ctx.docs('Load').filter((d) => d.spec.target.namespace === vpa.metadata.namespace
    && (d.spec.target.name === ref.name || d.spec.target.name === owner?.name)
    && (!d.spec.target.kind || d.spec.target.kind === ref.kind || d.spec.target.kind === owner?.kind));
  const doc = docs[docs.length - 1];
  if (!doc) return out;
  const elapsed = ctx.clock.now() - ctx.startedAt;
  const share = doc.spec.per === 'perPod' ? 1 : Math.max(1, pods.filter((p) => phaseOf(p) === 'Running').length);
  const containers = (((pod.spec as Obj).containers ?? []) as Obj[]).map((c) => String(c.name));
  for (const c of doc.spec.containers) {
    const name = c.name ?? containers[0];
    if (!name) continue;
    out.set(name, {
      cpu: c.cpu === undefined ? undefined : valueAt(c.cpu, elapsed) / share,
      memory: c.memory === undefined ? undefined : valueAt(c.memory, elapsed) / share,
    });
  }
  return out;
}

async function writeStatus(ctx: ControllerContext, vpa: KubeObject, targetOk: boolean, podsMatched: boolean, recs: ReturnType<typeof cappedRecommendation>[]): Promise<void> {
  const res = vpaResource(ctx)!;
  const fresh = ctx.api.get(res, vpa.metadata.namespace, vpa.metadata.name!);
  const now = rfc3339(ctx.clock.now());
  const old = ((((fresh.status ?? {}) as Obj).conditions ?? []) as Obj[]);
  const cond = (type: string, status: boolean, reason = '', message = ''): Obj => {
    const prev = old.find((c) => c.type === type);
    const s = status ? 'True' : 'False';
    const c: Obj = { type, status: s, lastTransitionTime: prev && prev.status === s ? prev.lastTransitionTime : now };
    if (reason) c.reason = reason;
    if (message) c.message = message;
    return c;
  };
  const conditions: Obj[] = [];
  if (!targetOk) conditions.push(cond('ConfigUnsupported', true, '', 'Cannot read targetRef'));
  if (!podsMatched) conditions.push(cond('NoPodsMatched', true, 'NoPodsMatched', 'No pods match this VPA object'));
  const prevRec = (((fresh.status ?? {}) as Obj).recommendation ?? undefined) as Obj | undefined;
  const recommendation = recs.length > 0 ? { containerRecommendations: recs } : prevRec;
  const has = !!recommendation && ((recommendation.containerRecommendations as unknown[] | undefined) ?? []).length > 0;
  conditions.push(has ? cond('RecommendationProvided', true) : cond('RecommendationProvided', false, podsMatched ? '' : 'NoPodsMatched', podsMatched ? '' : 'No pods match this VPA object'));
  const status: Obj = { conditions };
  if (recommendation) status.recommendation = recommendation;
  if (JSON.stringify(fresh.status ?? {}) === JSON.stringify(status)) return;
  await ctx.api.update(res, vpa.metadata.namespace, vpa.metadata.name!, { ...fresh, status }, ctx.as(), 'status');
}
