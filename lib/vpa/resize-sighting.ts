/**
 * What the resize history is built from, read out of untrusted cluster objects: a *sighting* of a
 * pod (desired, allocated and actual requests per container, restart counts, the resize status of
 * `podResizeStatus`) at the moment scaleguard saw it, and the Events that speak about resizes —
 * the VPA updater's `InPlaceResizedByVPA` / `EvictedByVPA` (on the pod) and `EvictedPod` (on the
 * VPA), and the kubelet's `ResizeStarted` / `ResizeCompleted` / `ResizeDeferred` /
 * `ResizeInfeasible` / `ResizeError` (Kubernetes 1.34+; 1.34 has only `ResizeCompleted`).
 */
import { at, int, list, str, stringMap } from '../k8s/fields';
import { isRecord, type KubeObject } from '../k8s/object';
import { parseQuantity } from '../k8s/quantity';
import { podResizeStatus, type ResizeStatus } from './resize';

/** Requests of one container, as written (`{cpu: "250m", memory: "512Mi"}`). */
export type Requests = Record<string, string>;

export interface ContainerSighting {
  name: string;
  /** `spec.containers[].resources.requests`: what was asked for (a resize changes it). */
  desired: Requests;
  /** `status.containerStatuses[].resources.requests`: what the runtime applied; undefined before the kubelet reported. */
  actual?: Requests;
  /** `status.containerStatuses[].allocatedResources`: what the kubelet admitted. */
  allocated?: Requests;
  restartCount: number;
  /** Epoch ms the running container started (a restart moves it). */
  startedAt?: number;
  /** `resizePolicy[].restartPolicy` per resource (`NotRequired` when unset). */
  restartPolicy: Record<string, string>;
}

export interface PodSighting {
  /** Epoch ms scaleguard saw the pod in this state. */
  at: number;
  namespace: string;
  name: string;
  uid?: string;
  resize: ResizeStatus;
  containers: ContainerSighting[];
  /** The controlling VPA's target per container at that moment (what an eviction moves the pod to). */
  recommended?: Record<string, Requests>;
}

/** Event reasons the resize history reads; every other Event is ignored. */
export const RESIZE_EVENT_REASONS = [
  'InPlaceResizedByVPA', 'EvictedByVPA', 'EvictedPod',
  'ResizeStarted', 'ResizeCompleted', 'ResizeDeferred', 'ResizeInfeasible', 'ResizeError',
] as const;
export type ResizeEventReason = (typeof RESIZE_EVENT_REASONS)[number];

/** One Event about a pod's resize. An aggregated Event (count > 1) happened first at `first` and last at `last`. */
export interface ResizeEvent {
  reason: ResizeEventReason;
  /** Event object uid (or name) — the same Event is seen again on every count bump. */
  id: string;
  namespace: string;
  /** The pod the Event is about (for `EvictedPod` on a VPA: the pod its message names). */
  pod: string;
  /** The pod's uid (`involvedObject.uid`); unknown for `EvictedPod`, which is about the VPA. */
  podUid?: string;
  first: number;
  last: number;
  count: number;
  message?: string;
  /** For `EvictedPod`: the VPA the Event is about. */
  vpa?: string;
}

const toMs = (v: unknown): number | undefined => {
  const s = str(v);
  const t = s ? Date.parse(s) : NaN;
  return Number.isFinite(t) ? t : undefined;
};

function requestsOf(v: unknown): Requests | undefined {
  if (!isRecord(v)) return undefined;
  return stringMap(v);
}

/** Whether two request maps ask for the same amounts (`1` equals `1000m`, `1Gi` equals `1073741824`). */
export function sameRequests(a: Requests | undefined, b: Requests | undefined): boolean {
  if (!a || !b) return a === b;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const x = parseQuantity(a[k]);
    const y = parseQuantity(b[k]);
    if (x === undefined || y === undefined ? a[k] !== b[k] : Math.abs(x - y) > Math.max(Math.abs(x), Math.abs(y)) * 1e-9) return false;
  }
  return true;
}

/** Reads a pod (cached and trimmed, or straight from the API) into a sighting at `atMs`. */
export function podSighting(pod: KubeObject, atMs: number, recommended?: Record<string, Requests>): PodSighting {
  const statuses = list(at(pod.status, 'containerStatuses')).filter(isRecord);
  const containers = list(at(pod.spec, 'containers')).filter(isRecord).map((c): ContainerSighting => {
    const name = str(c.name) ?? '';
    const st = statuses.find((s) => s.name === name);
    const restartPolicy: Record<string, string> = {};
    for (const p of list(c.resizePolicy).filter(isRecord)) {
      const r = str(p.resourceName);
      if (r) restartPolicy[r] = str(p.restartPolicy) ?? 'NotRequired';
    }
    return {
      name,
      desired: requestsOf(at(c, 'resources', 'requests')) ?? {},
      actual: st ? requestsOf(at(st, 'resources', 'requests')) : undefined,
      allocated: st ? requestsOf(st.allocatedResources) : undefined,
      restartCount: (st && int(st.restartCount)) ?? 0,
      startedAt: st ? toMs(at(st, 'state', 'running', 'startedAt')) : undefined,
      restartPolicy,
    };
  });
  const resize = podResizeStatus({ status: { conditions: list(at(pod.status, 'conditions')).filter(isRecord), resize: str(at(pod.status, 'resize')) } });
  return {
    at: atMs,
    namespace: pod.metadata.namespace ?? '',
    name: pod.metadata.name ?? '',
    ...(pod.metadata.uid ? { uid: pod.metadata.uid } : {}),
    resize,
    containers,
    ...(recommended ? { recommended } : {}),
  };
}

/** A fingerprint of what matters in a sighting: a new one is kept only when it differs. */
export function sightingFingerprint(s: PodSighting): string {
  return JSON.stringify([s.resize.state, s.resize.reason ?? '', s.containers.map((c) => [c.name, c.desired, c.actual ?? null, c.allocated ?? null, c.restartCount, c.startedAt ?? 0]), s.recommended ?? null]);
}

const EVICTED_POD = /evicted Pod (\S+) /;

/**
 * Reads an Event into a ResizeEvent, or undefined when it is not about a resize. Times: the
 * series' `lastTimestamp`/`firstTimestamp` (core/v1), else `eventTime` (events.k8s.io style).
 */
export function resizeEventOf(e: KubeObject): ResizeEvent | undefined {
  const reason = str(e.reason);
  if (!reason || !(RESIZE_EVENT_REASONS as readonly string[]).includes(reason)) return undefined;
  const involved = isRecord(e.involvedObject) ? e.involvedObject : {};
  const kind = str(involved.kind);
  const message = str(e.message);
  let pod: string | undefined;
  if (reason === 'EvictedPod') {
    if (kind !== 'VerticalPodAutoscaler') return undefined;
    pod = message ? EVICTED_POD.exec(message)?.[1] : undefined;
  } else {
    if (kind !== 'Pod') return undefined;
    pod = str(involved.name);
  }
  const last = toMs(e.lastTimestamp) ?? toMs(e.eventTime) ?? toMs(at(e, 'series', 'lastObservedTime')) ?? toMs(e.firstTimestamp) ?? toMs(e.metadata.creationTimestamp);
  const first = toMs(e.firstTimestamp) ?? toMs(e.eventTime) ?? last;
  if (!pod || last === undefined || first === undefined) return undefined;
  return {
    reason: reason as ResizeEventReason,
    id: e.metadata.uid ?? `${e.metadata.namespace ?? ''}/${e.metadata.name ?? ''}`,
    namespace: str(involved.namespace) ?? e.metadata.namespace ?? '',
    pod,
    ...(reason !== 'EvictedPod' && str(involved.uid) ? { podUid: str(involved.uid) } : {}),
    first: Math.min(first, last),
    last,
    count: Math.max(1, int(e.count) ?? int(at(e, 'series', 'count')) ?? 1),
    ...(message ? { message } : {}),
    ...(reason === 'EvictedPod' && str(involved.name) ? { vpa: str(involved.name) } : {}),
  };
}
