/**
 * Reading a pod's in-place resize progress the way the VPA updater does (vertical-pod-autoscaler
 * pkg/updater/restriction/pods_inplace_restriction.go, AEP-4016) and kubelet reports it since
 * Kubernetes 1.33: conditions `PodResizePending` (reason Deferred | Infeasible) and
 * `PodResizeInProgress` (no reason, or reason Error); before 1.33 the single `status.resize` field
 * (Proposed | InProgress | Deferred | Infeasible). Used by the simulated updater and, later, the
 * dashboard's `vpa-resize-stuck` rule.
 */

export type ResizeState = 'none' | 'proposed' | 'in-progress' | 'deferred' | 'infeasible' | 'error';

export interface ResizeStatus {
  state: ResizeState;
  /** Where it was read from: the 1.33+ conditions or the older `status.resize`. */
  source?: 'conditions' | 'status.resize';
  reason?: string;
  message?: string;
  /** The condition's lastTransitionTime (conditions only). */
  since?: string;
}

/** Upstream updater timeouts (pods_inplace_restriction.go). */
export const DEFERRED_RESIZE_TIMEOUT_MS = 5 * 60_000;
export const IN_PROGRESS_RESIZE_TIMEOUT_MS = 60 * 60_000;

type Cond = { type?: unknown; status?: unknown; reason?: unknown; message?: unknown; lastTransitionTime?: unknown };
const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

export function podResizeStatus(pod: { status?: unknown }): ResizeStatus {
  const status = (pod.status ?? {}) as { conditions?: Cond[]; resize?: unknown };
  const conds = Array.isArray(status.conditions) ? status.conditions : [];
  const pending = conds.find((c) => c.type === 'PodResizePending' && c.status !== 'False');
  if (pending) {
    const reason = str(pending.reason);
    const state: ResizeState = reason === 'Infeasible' ? 'infeasible' : 'deferred';
    return { state, source: 'conditions', reason, message: str(pending.message), since: str(pending.lastTransitionTime) };
  }
  const inProgress = conds.find((c) => c.type === 'PodResizeInProgress' && c.status !== 'False');
  if (inProgress) {
    const reason = str(inProgress.reason);
    return { state: reason === 'Error' ? 'error' : 'in-progress', source: 'conditions', reason, message: str(inProgress.message), since: str(inProgress.lastTransitionTime) };
  }
  const legacy = str(status.resize);
  const map: Record<string, ResizeState> = { Proposed: 'proposed', InProgress: 'in-progress', Deferred: 'deferred', Infeasible: 'infeasible' };
  if (legacy && map[legacy]) return { state: map[legacy]!, source: 'status.resize', reason: legacy };
  return { state: 'none' };
}

/** Whether the updater counts the pod as resizing (`isInPlaceUpdating`: either condition present). */
export function isInPlaceUpdating(pod: { status?: unknown }): boolean {
  const s = podResizeStatus(pod);
  return s.source === 'conditions';
}

/**
 * Whether an InPlaceOrRecreate updater falls back to eviction (`CanEvictInPlacingPod`): Infeasible
 * and Error at once, Deferred after 5 minutes, InProgress after 1 hour, all counted from
 * `attemptAt` (the updater's last in-place attempt, else the condition's transition time).
 */
export function resizeTimedOut(s: ResizeStatus, now: number, attemptAt?: number): boolean {
  const since = attemptAt ?? (s.since ? Date.parse(s.since) : now);
  switch (s.state) {
    case 'infeasible':
    case 'error':
      return true;
    case 'deferred':
      return now - since > DEFERRED_RESIZE_TIMEOUT_MS;
    case 'in-progress':
      return now - since > IN_PROGRESS_RESIZE_TIMEOUT_MS;
    default:
      return false;
  }
}

export type ResizeOutcome = 'pending' | 'resized' | 'resized-with-restart' | 'deferred' | 'infeasible' | 'error' | 'evicted';

export interface ResizeObservation {
  /** The pod now, or undefined when it is gone. */
  pod?: { spec?: unknown; status?: unknown };
  /** restartCount per container when the resize was requested. */
  restartsBefore: Record<string, number>;
  /** Reasons of Events about the pod since the resize (e.g. `EvictedByVPA`). */
  eventReasons?: readonly string[];
}

/**
 * What became of one in-place resize: still pending, applied (with or without a container
 * restart), stuck (deferred, infeasible, error) or ended by an eviction.
 */
export function classifyResize(o: ResizeObservation): ResizeOutcome {
  if (o.eventReasons?.includes('EvictedByVPA') || !o.pod) return 'evicted';
  const s = podResizeStatus(o.pod);
  if (s.state === 'deferred' || s.state === 'infeasible' || s.state === 'error') return s.state;
  if (s.state !== 'none') return 'pending';
  const statuses = ((o.pod.status as { containerStatuses?: unknown[] } | undefined)?.containerStatuses ?? []) as { name?: string; restartCount?: number; resources?: { requests?: Record<string, unknown> } }[];
  const containers = ((o.pod.spec as { containers?: unknown[] } | undefined)?.containers ?? []) as { name?: string; resources?: { requests?: Record<string, unknown> } }[];
  const applied = containers.every((c) => {
    const st = statuses.find((x) => x.name === c.name);
    return !st?.resources || JSON.stringify(st.resources.requests ?? {}) === JSON.stringify(c.resources?.requests ?? {});
  });
  if (!applied) return 'pending';
  const restarted = statuses.some((st) => st.name !== undefined && (st.restartCount ?? 0) > (o.restartsBefore[st.name] ?? 0));
  return restarted ? 'resized-with-restart' : 'resized';
}
