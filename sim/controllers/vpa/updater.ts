/**
 * The simulated vpa-updater (vertical-pod-autoscaler pkg/updater/logic/updater.go `RunOnce`, every
 * `updaterInterval`): for VPAs in Recreate/Auto it evicts pods whose actual requests fall outside
 * [lowerBound, upperBound] (or differ ≥ 10 % after 12 h) through `pods/eviction`, within the
 * disruption budget (minReplicas, eviction tolerance); for InPlaceOrRecreate/InPlace it resizes them
 * through `pods/resize` and, for InPlaceOrRecreate, falls back to eviction when the resize is
 * Infeasible or in Error at once, Deferred for more than 5 minutes or InProgress for more than an
 * hour (pkg/updater/restriction/pods_inplace_restriction.go `CanEvictInPlacingPod`). Those timeouts
 * run from the first loop that sees the pod resizing (`lastInPlaceAttemptTimeMap`, filled there and
 * never reset by a later resize of the same pod), not from the resize request itself. InPlace never
 * evicts; an Infeasible or failed resize is tried again in place only once the recommendation
 * changed (updater.go `infeasibleAttempts`, `RecommendationsEqual`).
 */
import { parseDuration } from '@/lib/duration';
import type { KubeObject } from '@/lib/k8s/object';
import { groupStats, isInPlaceUpdating, isPodDisruptable, podResizeStatus, resizeTimedOut, shouldUpdatePod, updatePriority, type GroupStats } from '@/lib/vpa';
import { evictPod } from '../../apiserver/eviction';
import type { Controller, ControllerContext } from '../runtime/controller';
import { actualRequests, creatorOf, listVpas, phaseOf, podsMatching, recommendationAmounts, recommendationOf, recommendedResources, targetSelector, updateMode } from './pods';
import { VpaSettings } from './settings';

type Obj = Record<string, unknown>;
const MODES = ['Recreate', 'Auto', 'InPlaceOrRecreate', 'InPlace'];
const REPLICA_STORAGE: Record<string, string> = { ReplicaSet: 'apps/replicasets', StatefulSet: 'apps/statefulsets' };

export function vpaUpdater(): Controller {
  return {
    name: 'vpa',
    user: 'system:serviceaccount:kube-system:vpa-updater',
    component: 'vpa-updater',
    start(ctx: ControllerContext) {
      const settings = ctx.settings(VpaSettings);
      const queue = ctx.queue();
      const lastInPlaceAttempt = new Map<string, number>();
      const infeasibleAttempts = new Map<string, string>();
      ctx.scheduler.every(parseDuration(settings.updaterInterval)!, () => queue.add('update', () => runOnce(ctx, settings, lastInPlaceAttempt, infeasibleAttempts)));
    },
  };
}

async function runOnce(ctx: ControllerContext, settings: VpaSettings, lastInPlaceAttempt: Map<string, number>, infeasibleAttempts: Map<string, string>): Promise<void> {
  const now = ctx.clock.now();
  const podRes = ctx.api.resourceFor('v1', 'Pod')!;
  for (const vpa of listVpas(ctx)) {
    const mode = updateMode(vpa);
    if (!MODES.includes(mode) || recommendationOf(vpa).length === 0) continue;
    const reqs = targetSelector(ctx, vpa);
    if (!reqs) continue;
    const ns = vpa.metadata.namespace!;
    const pods = podsMatching(ctx, ns, reqs);
    const groups = creatorGroups(ctx, vpa, pods, settings);
    const podId = (p: KubeObject) => `${ns}/${p.metadata.name}`;
    const disruptable = (p: KubeObject) => {
      const g = groups.get(creatorKey(p));
      return !!g && isPodDisruptable(g);
    };
    const canEvict = (p: KubeObject) => {
      const g = groups.get(creatorKey(p));
      if (!g) return false;
      if (phaseOf(p) === 'Pending') return true;
      if (isInPlaceUpdating(p)) {
        const since = attemptAt(p); // set before the budget check, as upstream
        return isPodDisruptable(g) && resizeTimedOut(podResizeStatus(p), now, since);
      }
      return isPodDisruptable(g);
    };
    // Upstream starts the fallback clock the first time a loop sees the pod resizing and keeps it.
    const attemptAt = (p: KubeObject) => {
      if (!lastInPlaceAttempt.has(podId(p))) lastInPlaceAttempt.set(podId(p), now);
      return lastInPlaceAttempt.get(podId(p))!;
    };
    const amounts = recommendationAmounts(vpa);
    const byPriority = (list: KubeObject[]) => list
      .map((p) => ({ p, prio: updatePriority(actualRequests(p), amounts) }))
      .filter(({ p, prio }) => shouldUpdatePod(prio, startedAt(p), now))
      .sort((a, b) => Number(b.prio.outsideRecommendedRange) - Number(a.prio.outsideRecommendedRange) || b.prio.resourceDiff - a.prio.resourceDiff)
      .map(({ p }) => p);

    const forEviction: KubeObject[] = [];
    if (mode === 'InPlaceOrRecreate' || mode === 'InPlace') {
      // A resize applies targets only: a new target is what makes another attempt worth it.
      const recKey = JSON.stringify(recommendationOf(vpa).map((r) => [r.containerName, r.target]));
      const failed = (p: KubeObject) => ['infeasible', 'error'].includes(podResizeStatus(p).state);
      const decide = (p: KubeObject): 'approved' | 'deferred' | 'evict' | 'infeasible' => {
        if (!groups.has(creatorKey(p)) || phaseOf(p) === 'Pending') return 'deferred';
        const s = podResizeStatus(p);
        if (s.source === 'conditions') {
          if (mode === 'InPlace') {
            // InPlaceInfeasible: skipped while the recommendation is the one that failed; a new one
            // is recorded and tried in place again (updater.go, `RecommendationsEqual`).
            if (failed(p)) {
              const tried = infeasibleAttempts.get(p.metadata.uid!);
              return tried !== undefined && tried !== recKey ? 'approved' : 'infeasible';
            }
            return 'deferred';
          }
          return canEvict(p) ? 'evict' : 'deferred';
        }
        return disruptable(p) ? 'approved' : 'deferred';
      };
      const candidates = byPriority(pods.filter((x) => decide(x) !== 'deferred'));
      // The recommendation an InPlace resize failed with, remembered from the first loop that sees it.
      if (mode === 'InPlace') for (const p of pods) if (failed(p) && !infeasibleAttempts.has(p.metadata.uid!)) infeasibleAttempts.set(p.metadata.uid!, recKey);
      for (const p of candidates) {
        const d = decide(p);
        if (d === 'evict') {
          forEviction.push(p);
          continue;
        }
        if (d !== 'approved') continue;
        const next = recommendedResources(p, vpa);
        const containers = (((p.spec as Obj).containers ?? []) as Obj[]);
        const ops = containers.flatMap((c, i) => {
          const r = next.get(String(c.name));
          if (!r) return [];
          const out: Obj[] = c.resources ? [] : [{ op: 'add', path: `/spec/containers/${i}/resources`, value: {} }];
          out.push({ op: 'add', path: `/spec/containers/${i}/resources/requests`, value: r.requests });
          if (Object.keys(r.limits).length) out.push({ op: 'add', path: `/spec/containers/${i}/resources/limits`, value: r.limits });
          return out;
        });
        if (ops.length === 0) continue;
        try {
          await ctx.api.patch(podRes, ns, p.metadata.name!, { type: 'json', body: JSON.stringify(ops), subresource: 'resize' }, ctx.as());
        } catch (e) {
          ctx.log(`in-place resize of ${podId(p)} failed, falling back to eviction: ${e instanceof Error ? e.message : String(e)}`);
          forEviction.push(p);
          continue;
        }
        if (mode === 'InPlace' && failed(p)) infeasibleAttempts.set(p.metadata.uid!, recKey);
        await ctx.event(p, 'Normal', 'InPlaceResizedByVPA', 'Pod was resized in place by VPA Updater.');
        const g = groups.get(creatorKey(p));
        if (g) g.inPlaceUpdateInitiated++;
      }
    } else {
      forEviction.push(...byPriority(pods.filter(canEvict)));
    }

    for (const p of forEviction) {
      if (!canEvict(p)) continue;
      try {
        await evictPod(ctx.api, ns, p.metadata.name!, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: p.metadata.name, namespace: ns } }, ctx.as());
      } catch (e) {
        ctx.log(`eviction of ${podId(p)} failed: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      await ctx.event(p, 'Normal', 'EvictedByVPA', 'Pod was evicted by VPA Updater to apply resource recommendation.');
      await ctx.event(vpa, 'Normal', 'EvictedPod', `VPA Updater evicted Pod ${p.metadata.name} to apply resource recommendation.`);
      const g = groups.get(creatorKey(p));
      if (g && phaseOf(p) !== 'Pending') g.evicted++;
    }
  }
}

const creatorKey = (p: KubeObject) => {
  const c = creatorOf(p);
  return c ? `${c.kind}/${c.name}` : '';
};

function startedAt(p: KubeObject): number | undefined {
  const t = (p.status as Obj | undefined)?.startTime;
  return typeof t === 'string' ? Date.parse(t) : undefined;
}

/** `GetCreatorMaps`: groups with fewer live pods than minReplicas are left out, as is any pod without a controller. */
function creatorGroups(ctx: ControllerContext, vpa: KubeObject, pods: KubeObject[], settings: VpaSettings): Map<string, GroupStats> {
  const required = Number(((vpa.spec as Obj).updatePolicy as Obj | undefined)?.minReplicas ?? settings.minReplicas);
  const live = new Map<string, KubeObject[]>();
  for (const p of pods) {
    const key = creatorKey(p);
    if (!key) continue;
    live.set(key, [...(live.get(key) ?? []), p]);
  }
  const out = new Map<string, GroupStats>();
  for (const [key, list] of live) {
    if (list.length < required) continue;
    const [kind, name] = key.split('/') as [string, string];
    let configured = list.length;
    if (kind !== 'Job') {
      const storage = REPLICA_STORAGE[kind];
      const owner = storage ? ctx.store.get(storage, vpa.metadata.namespace, name) : undefined;
      const replicas = Number((owner?.spec as Obj | undefined)?.replicas ?? 0);
      if (!replicas) continue;
      configured = replicas;
    }
    out.set(key, groupStats(configured, list.map((p) => ({ pending: phaseOf(p) === 'Pending' })), settings.evictionTolerance));
  }
  return out;
}
