import 'server-only';
import type { KubeObject } from '@/lib/k8s/object';
import { targetKey } from '@/lib/k8s/scale-target';
import { Vpa } from '@/lib/k8s/vpa';
import type { Snapshot } from '@/lib/snapshot';
import { indexOf } from '@/lib/snapshot-index';
import { GONE_GRACE_MS, resizeAttempts, type PodTimeline, type ResizeAttempt } from '@/lib/vpa/resize-attempts';
import { podSighting, resizeEventOf, sightingFingerprint, type PodSighting, type ResizeEvent } from '@/lib/vpa/resize-sighting';
import { controllingVpa, recommendedTargets, updatesPods } from '@/lib/vpa/status';
import type { ClusterCache } from './cluster/cluster-cache';
import { graphOf } from './views';
import type { VpaResizeStore } from './vpa-history';

/** Sightings kept per pod: a pod's resize story needs a handful; the cap bounds a flapping pod. */
const MAX_SIGHTINGS = 40;
/** How long a finished pod's Events are remembered as handled (the API server keeps Events 1 h). */
const RETIRED_TTL_MS = 2 * 3_600_000;
const TICK_MS = 30_000;
const PRUNE_EVERY_MS = 3_600_000;

interface Tracked {
  namespace: string;
  pod: string;
  vpa: string;
  sightings: PodSighting[];
  lastPod?: KubeObject;
  lastVpa?: KubeObject;
  lastFingerprint?: string;
  goneAt?: number;
  events: ResizeEvent[];
  eventsFingerprint: string;
  recommended?: Record<string, Record<string, string>>;
  written: Map<string, string>;
  dirty: boolean;
}

/**
 * Watches one context's snapshots and records the resize attempts of every pod a VPA updates
 * (design §2: Events expire after an hour, so the history is written as it happens). Per pod it
 * keeps the sightings that differ and the resize Events, rebuilds the pod's attempts with the pure
 * `resizeAttempts` when either changed, and stores the attempts whose row would change. A pod that
 * is gone and settled is forgotten. Page views read the store, never this.
 */
export class VpaResizeRecorder {
  private readonly tracked = new Map<string, Tracked>();
  private readonly retired = new Map<string, { at: number; events: string }>();
  private readonly unsubscribe: () => void;
  private readonly timer: NodeJS.Timeout;
  private lastPrune = 0;

  constructor(private readonly cache: ClusterCache, private readonly store: VpaResizeStore, private readonly now: () => number = Date.now) {
    this.unsubscribe = cache.subscribe(() => this.capture());
    // Grace periods end without any change in the cluster: look again now and then.
    this.timer = setInterval(() => this.capture(), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    this.unsubscribe();
    clearInterval(this.timer);
  }

  /** Pods the recorder follows right now (for tests and /metrics). */
  trackedPods(): number {
    return this.tracked.size;
  }

  capture(): void {
    const s = this.cache.snapshot();
    if (s.connection.state !== 'connected' || s.kinds.pods.state !== 'synced' || s.kinds.vpas.state !== 'synced') return;
    const now = this.now();
    const seen = this.sight(s, now);
    for (const [key, t] of this.tracked) {
      if (!seen.has(key) && t.goneAt === undefined && t.sightings.length) {
        t.goneAt = now;
        t.dirty = true;
      }
    }
    this.readEvents(s, now);
    const writes: (ResizeAttempt & { vpa: string })[] = [];
    for (const [key, t] of this.tracked) {
      // A vanished pod is looked at until its grace period is over and it is retired.
      if (t.goneAt !== undefined) t.dirty = true;
      if (!t.dirty) continue;
      t.dirty = false;
      const timeline: PodTimeline = { namespace: t.namespace, pod: t.pod, sightings: t.sightings, events: t.events, ...(t.goneAt !== undefined ? { goneAt: t.goneAt } : {}), ...(t.recommended ? { recommended: t.recommended } : {}) };
      const attempts = resizeAttempts(timeline, now);
      for (const a of attempts) {
        const json = JSON.stringify(a);
        if (t.written.get(a.key) === json) continue;
        t.written.set(a.key, json);
        writes.push({ ...a, vpa: t.vpa });
      }
      if (t.goneAt !== undefined && now - t.goneAt > GONE_GRACE_MS && attempts.every((a) => a.settled)) {
        this.tracked.delete(key);
        this.retired.set(key, { at: now, events: t.eventsFingerprint });
      }
    }
    this.store.record(s.context, writes);
    for (const [key, r] of this.retired) if (now - r.at > RETIRED_TTL_MS) this.retired.delete(key);
    if (now - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = now;
      this.store.prune(new Date(now));
    }
  }

  /** Sights every pod of a workload whose controlling VPA updates pods; returns their keys. */
  private sight(s: Snapshot, now: number): Set<string> {
    const seen = new Set<string>();
    const graph = graphOf(s);
    const idx = indexOf(s);
    const byWorkload = new Map<string, KubeObject[]>();
    for (const vpa of s.objects.vpas) {
      const t = Vpa.target(vpa);
      if (!t) continue;
      const k = targetKey(t);
      byWorkload.set(k, [...(byWorkload.get(k) ?? []), vpa]);
    }
    for (const [k, vpas] of byWorkload) {
      const vpa = controllingVpa(vpas);
      const workload = graph.nodes.get(k)?.object;
      if (!vpa || !workload || !updatesPods(vpa)) continue;
      const vpaName = vpa.metadata.name ?? '';
      for (const pod of idx.podsOf(workload)) {
        const key = `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
        seen.add(key);
        let t = this.tracked.get(key);
        if (!t) {
          t = { namespace: pod.metadata.namespace ?? '', pod: pod.metadata.name ?? '', vpa: vpaName, sightings: [], events: [], eventsFingerprint: '', written: new Map(), dirty: false };
          this.tracked.set(key, t);
          this.retired.delete(key);
        }
        t.vpa = vpaName;
        t.goneAt = undefined;
        // Unchanged objects keep their identity in the cache: nothing to look at.
        if (t.lastPod === pod && t.lastVpa === vpa) continue;
        t.lastPod = pod;
        t.lastVpa = vpa;
        const recommended = recommendedTargets(vpa);
        t.recommended = recommended;
        const sighting = podSighting(pod, now, recommended);
        const fp = sightingFingerprint(sighting);
        if (fp === t.lastFingerprint) continue;
        t.lastFingerprint = fp;
        t.sightings.push(sighting);
        if (t.sightings.length > MAX_SIGHTINGS) t.sightings.splice(0, t.sightings.length - MAX_SIGHTINGS);
        t.dirty = true;
      }
    }
    return seen;
  }

  /** Hands each pod its resize Events; an eviction of a pod never sighted gets a timeline of its own. */
  private readEvents(s: Snapshot, now: number): void {
    const byPod = new Map<string, ResizeEvent[]>();
    for (const obj of s.objects.events) {
      const e = resizeEventOf(obj);
      if (!e) continue;
      const key = `${e.namespace}/${e.pod}`;
      byPod.set(key, [...(byPod.get(key) ?? []), e]);
    }
    for (const [key, events] of byPod) {
      const fp = events.map((e) => `${e.id}:${e.count}:${e.last}`).sort().join('|');
      let t = this.tracked.get(key);
      if (!t) {
        const retired = this.retired.get(key);
        if (retired?.events === fp) continue;
        const evictedBy = events.find((e) => e.vpa)?.vpa;
        const vpa = evictedBy ? s.objects.vpas.find((v) => v.metadata.namespace === events[0]!.namespace && v.metadata.name === evictedBy) : undefined;
        if (!vpa || !events.some((e) => e.reason === 'EvictedPod' || e.reason === 'EvictedByVPA')) continue;
        t = { namespace: events[0]!.namespace, pod: events[0]!.pod, vpa: evictedBy!, sightings: [], events: [], eventsFingerprint: '', written: new Map(), dirty: true, goneAt: now, recommended: recommendedTargets(vpa) };
        this.tracked.set(key, t);
      }
      if (t.eventsFingerprint === fp) continue;
      t.eventsFingerprint = fp;
      t.events = events;
      t.dirty = true;
    }
  }
}
