/**
 * The resize attempts of one pod, rebuilt from everything scaleguard saw of it: its sightings (in
 * the order they were made) and the resize Events (in whatever order they arrived). Inputs are
 * sorted by their own timestamps first, so the answer does not depend on arrival order — an
 * `EvictedByVPA` read before the pod's last update, or an `InPlaceResizedByVPA` read after the
 * resize completed, give the same history. Rebuilding after a dashboard restart (no earlier
 * sightings, Events of the last hour re-listed) gives attempts with the same keys, so storing
 * them again does not duplicate them.
 *
 * Outcomes follow the kubelet (KEP-1287) and the VPA updater (AEP-4016,
 * pods_inplace_restriction.go): an in-place resize completed when the container's actual requests
 * equal the new ones — with a restart when its `restartCount` rose meanwhile (every in-place resize
 * is *possibly* disruptive, seed 001) — or it is `Deferred`, `Infeasible` or in `Error` (pod
 * conditions, or `status.resize` before 1.33). An eviction by the updater (`EvictedByVPA`) records
 * why an in-place attempt was given up: Infeasible or Error at once, Deferred after 5 minutes,
 * InProgress after an hour.
 */
import { DEFERRED_RESIZE_TIMEOUT_MS, IN_PROGRESS_RESIZE_TIMEOUT_MS } from './resize';
import { sameRequests, type ContainerSighting, type PodSighting, type Requests, type ResizeEvent } from './resize-sighting';

export type ResizeHistoryOutcome = 'in-place' | 'in-place-with-restart' | 'deferred' | 'infeasible' | 'error' | 'evicted';
export type ResizePath = 'in-place' | 'eviction';
/** Why the updater evicted: what the pod's in-place attempt was stuck on (`none`: no in-place attempt, plain Recreate). */
export type EvictionCause = 'none' | 'infeasible' | 'error' | 'deferred' | 'deferred-timeout' | 'in-progress' | 'in-progress-timeout';

export interface ResizeAttempt {
  /**
   * Stable across rebuilds: `in-place/<ns>/<pod>[@<uid>]/<container>/<to>` or
   * `eviction/<ns>/<pod>[@<uid>]/<container>`. The pod's uid (when any sighting or Event names it)
   * keeps a re-created pod of the same name — a StatefulSet's `web-0`, or another cluster under the
   * same context name — from being taken for one already recorded.
   */
  key: string;
  namespace: string;
  pod: string;
  container: string;
  /** When the attempt started (the updater's Event when known, else when scaleguard saw the change). */
  at: number;
  endedAt?: number;
  /** Requests before; `{}` when not known (the change happened while scaleguard was not watching). */
  from: Requests;
  to: Requests;
  path: ResizePath;
  outcome: ResizeHistoryOutcome;
  /** False while the kubelet may still change the outcome (a deferred resize may yet be applied). */
  settled: boolean;
  cause?: EvictionCause;
  /** The kubelet's words for a deferred, infeasible or failed resize. */
  message?: string;
  /** How much `restartCount` rose during the resize. */
  restarts?: number;
  /** A changed resource's `resizePolicy` is `RestartContainer`: the restart was asked for. */
  expectedRestart?: boolean;
  /** What the classification rests on: conditions, fields and Event reasons. */
  evidence: string[];
}

/** Everything seen of one pod. `goneAt`: when it disappeared from the cache. */
export interface PodTimeline {
  namespace: string;
  pod: string;
  sightings: readonly PodSighting[];
  events: readonly ResizeEvent[];
  goneAt?: number;
  /** The VPA's target per container, for an eviction of a pod never sighted. */
  recommended?: Record<string, Requests>;
}

/** Slack between a server timestamp (whole seconds) and the moment scaleguard saw the same thing. */
export const EVENT_SLACK_MS = 5_000;
/** How far an `InPlaceResizedByVPA` may precede the spec change scaleguard saw. */
const EVENT_LEAD_MS = 120_000;
/** How long a vanished pod waits for its `EvictedByVPA` before its attempts are closed without one. */
export const GONE_GRACE_MS = 120_000;

interface Open {
  a: ResizeAttempt;
  restartsBefore: number;
  /** Opened on the pod's first sighting: the change happened before scaleguard watched. */
  firstSight: boolean;
  deferredSince?: number;
  inProgressSince?: number;
  /** Waiting on the kubelet (no answer yet, or InProgress again after one). */
  pending: boolean;
  /** The kubelet answered Deferred, Infeasible or Error at least once. */
  answered: boolean;
}

const canon = (r: Requests) => Object.keys(r).sort().map((k) => `${k}=${r[k]}`).join(',');
const add = (xs: string[], x: string) => (xs.includes(x) ? xs : xs.push(x), xs);

/** The pod part of a key: its name, and its uid when known. */
function podPart(t: Pick<PodTimeline, 'pod' | 'sightings' | 'events'>): string {
  const uid = t.sightings.find((s) => s.uid)?.uid ?? t.events.find((e) => e.podUid)?.podUid;
  return uid ? `${t.pod}@${uid}` : t.pod;
}

function inPlace(ns: string, pod: string, who: string, c: string, from: Requests, to: Requests, atMs: number, restartsBefore: number, firstSight: boolean): Open {
  return {
    a: { key: `in-place/${ns}/${who}/${c}/${canon(to)}`, namespace: ns, pod, container: c, at: atMs, from, to, path: 'in-place', outcome: 'deferred', settled: false, evidence: ['spec.resources'] },
    restartsBefore,
    firstSight,
    pending: true,
    answered: false,
  };
}

function changedResources(from: Requests, to: Requests): string[] {
  return [...new Set([...Object.keys(from), ...Object.keys(to)])].filter((k) => !sameRequests({ [k]: from[k] ?? '' }, { [k]: to[k] ?? '' }));
}

/** Follows one open attempt through a sighting; returns true when it completed. */
function follow(o: Open, s: PodSighting, c: ContainerSighting): boolean {
  if (c.allocated && sameRequests(c.allocated, o.a.to)) add(o.a.evidence, 'allocatedResources');
  if (c.actual && sameRequests(c.actual, o.a.to) && s.resize.state !== 'deferred' && s.resize.state !== 'infeasible') {
    let restarts = Math.max(0, c.restartCount - o.restartsBefore);
    // First seen already applied: a container that (re)started after the attempt began restarted for it.
    if (o.firstSight && restarts === 0 && c.restartCount > 0 && c.startedAt !== undefined && c.startedAt >= o.a.at - EVENT_SLACK_MS) restarts = 1;
    o.a.outcome = restarts > 0 ? 'in-place-with-restart' : 'in-place';
    o.a.restarts = restarts;
    if (restarts > 0) add(o.a.evidence, 'restartCount');
    const policy = changedResources(o.a.from, o.a.to).some((r) => c.restartPolicy[r] === 'RestartContainer');
    if (policy) o.a.expectedRestart = true;
    o.a.settled = true;
    o.a.endedAt = s.at;
    o.pending = false;
    add(o.a.evidence, 'status.resources');
    return true;
  }
  const st = s.resize.state;
  const since = s.resize.since ? Date.parse(s.resize.since) : s.at;
  const where = s.resize.source === 'status.resize' ? 'status.resize' : st === 'deferred' || st === 'infeasible' ? 'PodResizePending' : 'PodResizeInProgress';
  if (st === 'deferred' || st === 'infeasible' || st === 'error') {
    o.a.outcome = st;
    o.pending = false;
    o.answered = true;
    if (s.resize.message) o.a.message = s.resize.message;
    add(o.a.evidence, where);
    if (st === 'deferred') o.deferredSince ??= Math.max(since, o.a.at);
  } else if (st === 'in-progress' || st === 'proposed') {
    o.pending = true;
    o.inProgressSince ??= Math.max(since, o.a.at);
    add(o.a.evidence, where);
  }
  return false;
}

function causeOf(o: Open | undefined, evictedAt: number): EvictionCause {
  if (!o) return 'none';
  if (o.pending && o.inProgressSince !== undefined && evictedAt - o.inProgressSince > IN_PROGRESS_RESIZE_TIMEOUT_MS) return 'in-progress-timeout';
  if (!o.pending && (o.a.outcome === 'infeasible' || o.a.outcome === 'error')) return o.a.outcome;
  if (!o.pending && o.a.outcome === 'deferred') return evictedAt - (o.deferredSince ?? o.a.at) > DEFERRED_RESIZE_TIMEOUT_MS ? 'deferred-timeout' : 'deferred';
  return evictedAt - (o.inProgressSince ?? o.a.at) > IN_PROGRESS_RESIZE_TIMEOUT_MS ? 'in-progress-timeout' : 'in-progress';
}

const KUBELET_OUTCOME: Partial<Record<ResizeEvent['reason'], 'deferred' | 'infeasible' | 'error'>> = { ResizeDeferred: 'deferred', ResizeInfeasible: 'infeasible', ResizeError: 'error' };

function nearest(candidates: ResizeAttempt[], when: number): ResizeAttempt | undefined {
  let best: ResizeAttempt | undefined;
  for (const a of candidates) if (!best || Math.abs(a.at - when) < Math.abs(best.at - when)) best = a;
  return best;
}

/** Occurrence times of an Event: its first and its last (middle ones of a long series are not kept by the API). */
const occurrences = (e: ResizeEvent) => (e.count > 1 && e.first !== e.last ? [e.first, e.last] : [e.last]);

/**
 * Every resize attempt of the pod, settled or not. In-place attempts that never left
 * `InProgress` are not listed (they have no outcome yet); an eviction names them as its cause.
 */
export function resizeAttempts(t: PodTimeline, now: number): ResizeAttempt[] {
  const who = podPart(t);
  const sightings = [...t.sightings].sort((a, b) => a.at - b.at);
  const events = [...t.events].sort((a, b) => a.last - b.last || a.id.localeCompare(b.id));
  const evictions = events.filter((e) => e.reason === 'EvictedByVPA' || e.reason === 'EvictedPod');
  const evictedAt = evictions.length ? Math.min(...evictions.map((e) => e.last)) : undefined;
  const evictionEvidence = [...new Set(evictions.map((e) => e.reason))].sort();
  const out: ResizeAttempt[] = [];
  const open = new Map<string, Open>();
  // Attempts that ended without any answer from the kubelet have no outcome to show.
  const unanswered = new Set<ResizeAttempt>();
  const close = (o: Open, atMs: number) => {
    open.delete(o.a.container);
    if (!o.answered && o.pending) {
      unanswered.add(o.a);
      return;
    }
    o.a.settled = true;
    o.a.endedAt ??= atMs;
  };
  const firstSight = new Set<ResizeAttempt>();
  const push = (a: ResizeAttempt) => {
    // The same target twice on one pod (A→B, B→A, A→B): later ones get a suffix.
    const base = a.key;
    for (let n = 2; out.some((x) => x.key === a.key); n++) a.key = `${base}#${n}`;
    out.push(a);
  };
  let prev: PodSighting | undefined;
  for (const s of sightings) {
    if (evictedAt !== undefined && s.at > evictedAt + EVENT_SLACK_MS) break;
    for (const c of s.containers) {
      const pc = prev?.containers.find((x) => x.name === c.name);
      let o = open.get(c.name);
      const specChanged = pc !== undefined && !sameRequests(pc.desired, c.desired);
      if (o && specChanged && !sameRequests(o.a.to, c.desired)) {
        close(o, s.at);
        o = undefined;
      }
      if (!o && specChanged && pc) {
        o = inPlace(t.namespace, t.pod, who, c.name, pc.actual ?? pc.desired, c.desired, s.at, pc.restartCount, false);
      } else if (!o && !prev && c.actual && !sameRequests(c.actual, c.desired)) {
        const since = s.resize.since ? Date.parse(s.resize.since) : s.at;
        o = inPlace(t.namespace, t.pod, who, c.name, c.actual, c.desired, Math.min(since, s.at), c.restartCount, true);
      }
      if (!o) continue;
      if (!out.includes(o.a)) {
        push(o.a);
        if (o.firstSight) firstSight.add(o.a);
      }
      open.set(c.name, o);
      if (follow(o, s, c)) open.delete(c.name);
    }
    prev = s;
  }

  const inPlaceAttempts = out.filter((a) => a.path === 'in-place');
  for (const e of events) {
    if (e.reason === 'InPlaceResizedByVPA') {
      for (const when of occurrences(e)) {
        const match = nearest(inPlaceAttempts.filter((a) => when <= a.at + EVENT_SLACK_MS && (when >= a.at - EVENT_LEAD_MS || firstSight.has(a))), when);
        if (match) {
          match.at = Math.min(match.at, when);
          add(match.evidence, 'InPlaceResizedByVPA');
        }
      }
    } else if (e.reason.startsWith('Resize')) {
      const match = nearest(inPlaceAttempts.filter((a) => e.last >= a.at - EVENT_SLACK_MS && e.last <= (a.endedAt ?? now) + EVENT_SLACK_MS), e.last);
      if (!match) continue;
      add(match.evidence, e.reason);
      const o = open.get(match.container);
      const state = KUBELET_OUTCOME[e.reason];
      if (o && o.a === match && o.pending && !o.answered && state) {
        o.a.outcome = state;
        o.pending = false;
        o.answered = true;
        if (state === 'deferred') o.deferredSince ??= e.first;
      }
    }
  }
  recoverUnwatched(t, sightings, events, out);

  if (evictedAt !== undefined) {
    const base = [...sightings].reverse().find((s) => s.at <= evictedAt + EVENT_SLACK_MS) ?? sightings.at(-1);
    const recommended = base?.recommended ?? t.recommended ?? {};
    const names = base?.containers.map((c) => c.name) ?? Object.keys(recommended);
    // Containers the VPA does not control keep their requests: no entry for them.
    const containers = Object.keys(recommended).length ? names.filter((n) => recommended[n] || open.has(n)) : names;
    for (const name of containers) {
      const c = base?.containers.find((x) => x.name === name);
      const o = open.get(name);
      const cause = causeOf(o, evictedAt);
      push({
        key: `eviction/${t.namespace}/${who}/${name}`, namespace: t.namespace, pod: t.pod, container: name,
        at: evictedAt, ...(t.goneAt !== undefined ? { endedAt: t.goneAt } : {}), from: c ? (c.actual ?? c.desired) : {}, to: recommended[name] ?? o?.a.to ?? {},
        path: 'eviction', outcome: 'evicted', settled: true, cause, evidence: [...evictionEvidence],
        ...(o?.a.message ? { message: o.a.message } : {}),
      });
      if (o) close(o, evictedAt);
    }
  } else if (t.goneAt !== undefined && now - t.goneAt > GONE_GRACE_MS) {
    for (const o of [...open.values()]) close(o, t.goneAt);
  }
  // An attempt still waiting for its first answer from the kubelet has no outcome yet.
  for (const o of open.values()) if (o.pending && !o.answered) unanswered.add(o.a);
  return out.filter((a) => !unanswered.has(a)).sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
}

/**
 * A resize the updater made while scaleguard was not watching (its `InPlaceResizedByVPA` precedes
 * the first sighting, which already shows it applied): listed with unknown `from`, its restart
 * judged by whether the container (re)started after the Event.
 */
function recoverUnwatched(t: PodTimeline, sightings: PodSighting[], events: ResizeEvent[], out: ResizeAttempt[]): void {
  const first = sightings[0];
  if (!first) return;
  const times = events.filter((e) => e.reason === 'InPlaceResizedByVPA').flatMap(occurrences).filter((x) => x < first.at - EVENT_SLACK_MS);
  const when = times.length ? Math.max(...times) : undefined;
  if (when === undefined) return;
  for (const c of first.containers) {
    if (!c.actual || !sameRequests(c.actual, c.desired)) continue;
    if (out.some((a) => a.container === c.name && a.path === 'in-place' && a.at <= first.at)) continue;
    if (first.recommended && !first.recommended[c.name]) continue;
    const restarted = c.restartCount > 0 && c.startedAt !== undefined && c.startedAt >= when - EVENT_SLACK_MS;
    out.push({
      key: `in-place/${t.namespace}/${podPart(t)}/${c.name}/${canon(c.desired)}`, namespace: t.namespace, pod: t.pod, container: c.name,
      at: when, endedAt: first.at, from: {}, to: c.desired, path: 'in-place', outcome: restarted ? 'in-place-with-restart' : 'in-place',
      settled: true, restarts: restarted ? 1 : 0, evidence: ['InPlaceResizedByVPA', 'status.resources', ...(restarted ? ['state.running.startedAt'] : [])],
    });
  }
}
