import 'server-only';
import { sources } from '@/lib/graph/scaling-graph';
import { Hpa } from '@/lib/k8s/hpa';
import type { KubeObject } from '@/lib/k8s/object';
import type { ResourceId } from '@/lib/k8s/resources';
import { Workload } from '@/lib/k8s/workload';
import type { ReplicaSample } from '@/lib/history/types';
import type { Snapshot } from '@/lib/snapshot';
import type { ClusterCache } from '../cluster/cluster-cache';
import { graphOf } from '../views';
import type { HistoryStore, WorkloadKey } from './history-store';

/** Kinds whose generation changes are remembered (when a ScaledObject's spec last changed, …). */
const GENERATION_KINDS: ResourceId[] = ['scaledobjects', 'deployments', 'statefulsets', 'canaries', 'vpas', 'cronhpas', 'hpas'];
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Follows one context's snapshots and writes what changed: a workload's replicas or its HPA's
 * bounds (only on change), and generation changes it witnessed. Stale data is not recorded — it
 * would claim the cluster stood still while scaleguard could not see it.
 */
export class HistoryRecorder {
  private readonly lastSample = new Map<string, string>();
  private readonly lastGeneration = new Map<string, number>();
  private readonly unsubscribe: () => void;
  private lastPrune = 0;

  constructor(private readonly cache: ClusterCache, private readonly store: HistoryStore, private readonly now: () => Date = () => new Date()) {
    this.unsubscribe = cache.subscribe(() => this.capture());
  }

  stop(): void {
    this.unsubscribe();
  }

  capture(): void {
    const s = this.cache.snapshot();
    if (s.connection.state !== 'connected') return;
    const at = this.now().toISOString();
    const samples = this.samples(s, at);
    const generations = this.generations(s, at);
    this.store.record(samples, generations);
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      this.store.prune(this.now());
    }
  }

  private samples(s: Snapshot, at: string): (WorkloadKey & ReplicaSample)[] {
    if (s.kinds.deployments.state !== 'synced' && s.kinds.statefulsets.state !== 'synced') return [];
    const out: (WorkloadKey & ReplicaSample)[] = [];
    const g = graphOf(s);
    for (const node of g.workloads) {
      const w = node.object;
      if (!w) continue;
      const r = Workload.replicas(w);
      const hpa = boundingHpa(sources(g, node.key, 'scales').map((n) => n.object).filter((o): o is KubeObject => o?.kind === 'HorizontalPodAutoscaler'));
      const sample: ReplicaSample = { at, desired: r.desired, ready: r.ready, ...(hpa ? { min: Hpa.minReplicas(hpa), max: Hpa.maxReplicas(hpa) } : {}) };
      const fingerprint = `${sample.desired}/${sample.ready}/${sample.min ?? ''}/${sample.max ?? ''}`;
      if (this.lastSample.get(node.key) === fingerprint) continue;
      this.lastSample.set(node.key, fingerprint);
      out.push({ context: s.context, namespace: w.metadata.namespace ?? '', kind: w.kind, name: w.metadata.name ?? '', ...sample });
    }
    return out;
  }

  private generations(s: Snapshot, at: string): { context: string; uid: string; generation: number; at: string }[] {
    const out: { context: string; uid: string; generation: number; at: string }[] = [];
    for (const id of GENERATION_KINDS) {
      for (const o of s.objects[id]) {
        const { uid, generation, creationTimestamp } = o.metadata;
        if (!uid || typeof generation !== 'number') continue;
        const seen = this.lastGeneration.get(uid);
        this.lastGeneration.set(uid, generation);
        if (seen === generation) continue;
        // A generation first met at start-up changed at an unknown time, except generation 1.
        if (seen === undefined && generation !== 1) continue;
        out.push({ context: s.context, uid, generation, at: seen === undefined ? creationTimestamp ?? at : at });
      }
    }
    return out;
  }
}

/** The HPA whose bounds a workload follows: the one KEDA owns, else the first by name. */
function boundingHpa(hpas: KubeObject[]): KubeObject | undefined {
  return [...hpas].sort((a, b) => Number(!Hpa.ownerScaledObject(a)) - Number(!Hpa.ownerScaledObject(b)) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))[0];
}
