/**
 * `GET /api/v1/scaledobjects/{ns}/{name}/history`: a ScaledObject's replica timeline — its
 * workload's recorded replicas and HPA bounds, KEDA's own bounds, and when KEDA called it active or
 * paused — and the pure helpers the chart uses. Pure.
 */
import type { ReplicaSample } from '../history/types';

/** One recorded change of a ScaledObject's Active / Paused conditions. */
export interface KedaActivitySample {
  at: string;
  active: 'True' | 'False' | 'Unknown';
  reason?: string;
  paused: boolean;
}

export interface KedaTimelineDto {
  ref: { namespace: string; name: string };
  workload: { namespace: string; kind: string; name: string };
  samples: ReplicaSample[];
  activity: KedaActivitySample[];
  /** KEDA's bounds as the spec says now (the HPA's recorded bounds are in `samples`). */
  bounds: { min: number; max: number; idle?: number };
  /** Activity is known from here on; unknown before. */
  activitySince?: string;
  retentionDays: number;
  generatedAt: string;
}

export type ActivityState = 'active' | 'inactive' | 'paused' | 'unknown';

export interface ActivityInterval {
  from: number;
  to: number;
  state: ActivityState;
  reason?: string;
}

function stateOf(s: KedaActivitySample): ActivityState {
  if (s.paused) return 'paused';
  return s.active === 'True' ? 'active' : s.active === 'False' ? 'inactive' : 'unknown';
}

/** Activity samples as back-to-back intervals up to `now`, neighbours in the same state merged. */
export function activityIntervals(activity: readonly KedaActivitySample[], now: number): ActivityInterval[] {
  const out: ActivityInterval[] = [];
  const sorted = [...activity].sort((a, b) => a.at.localeCompare(b.at));
  sorted.forEach((s, i) => {
    const from = Date.parse(s.at);
    const next = sorted[i + 1];
    const to = next ? Date.parse(next.at) : now;
    if (!Number.isFinite(from) || to <= from) return;
    const state = stateOf(s);
    const prev = out.at(-1);
    if (prev && prev.state === state && prev.to === from) prev.to = to;
    else out.push({ from, to, state, ...(s.reason ? { reason: s.reason } : {}) });
  });
  return out;
}

/** Share of the time in each state, for a one-line summary under the chart. */
export function activityShare(intervals: readonly ActivityInterval[]): Record<ActivityState, number> {
  const total = intervals.reduce((n, i) => n + (i.to - i.from), 0);
  const share: Record<ActivityState, number> = { active: 0, inactive: 0, paused: 0, unknown: 0 };
  if (total <= 0) return share;
  for (const i of intervals) share[i.state] += (i.to - i.from) / total;
  return share;
}
