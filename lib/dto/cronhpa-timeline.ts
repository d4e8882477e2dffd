/**
 * The CronHPA timeline as chart series: for an HPA target the HPA's projected min/max and the
 * replicas (as a run leaves them, then where the HPA settles), for a workload target what the
 * CronHPA writes, what an HPA writes back and the replicas flipping between the two, with the
 * collisions marked. Pure; the page's chart draws it and zooms within it.
 */
import type { CronHpaDto } from './cronhpa';

/** The HPA controller's sync period: a workload's replicas flip back within it. */
export const HPA_SYNC_MS = 15_000;
/** The HPA's default scale-down stabilization window: when a lowered minimum lets replicas fall. */
export const SCALE_DOWN_WINDOW_MS = 5 * 60_000;
/** How soon an owner that reconciles the HPA's spec (KEDA) puts its bounds back, as drawn. */
export const OWNER_REVERT_MS = 1_000;

export interface TimelinePoint {
  /** ms since the epoch */
  t: number;
  min?: number;
  max?: number;
  /** The replicas (projected). */
  replicas?: number;
  /** What the CronHPA last wrote (workload target). */
  cron?: number;
  /** What the HPA writes back (workload target with an HPA). */
  hpa?: number;
}

export interface TimelineRun {
  t: number;
  job: string;
  targetSize: number;
  /** The value shown at the marker (replicas right after the run). */
  value: number;
  /** The HPA writes something else right after (workload target). */
  collides: boolean;
  excluded?: string;
}

export interface Timeline {
  points: TimelinePoint[];
  runs: TimelineRun[];
  /** What the series mean, for the legend. */
  kind: 'hpa' | 'workload' | 'none';
  start: number;
  end: number;
}

const clampPoint = (p: TimelinePoint): TimelinePoint => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as unknown as TimelinePoint;

function hpaTimeline(c: CronHpaDto<unknown>, start: number, end: number): Pick<Timeline, 'points' | 'runs'> {
  const h = c.hpa;
  const rows = c.projection ?? [];
  const points: TimelinePoint[] = [];
  const runs: TimelineRun[] = [];
  let state = h ? { min: h.minReplicas, max: h.maxReplicas, replicas: rows[0]?.before ?? h.currentReplicas } : { min: undefined, max: undefined, replicas: undefined };
  points.push(clampPoint({ t: start, ...state }));
  for (const r of rows) {
    const t = Date.parse(r.at);
    if (t > end) break;
    // The value just before the run, so the step is drawn at the run.
    state = { min: r.min, max: r.max, replicas: r.replicas };
    points.push({ t, ...state });
    runs.push({ t, job: r.job, targetSize: r.targetSize, value: r.replicas, collides: false, excluded: r.excluded });
    if (r.restored) {
      // KEDA reconciles its HPA's spec as soon as it sees the change.
      state = { ...state, min: r.restored.min, max: r.restored.max };
      if (t + OWNER_REVERT_MS <= end) points.push({ t: t + OWNER_REVERT_MS, ...state });
    }
    if (r.settled !== r.replicas) {
      const settleAt = t + (r.settled < r.replicas ? SCALE_DOWN_WINDOW_MS : HPA_SYNC_MS);
      state = { ...state, replicas: r.settled };
      if (settleAt <= end) points.push({ t: settleAt, ...state });
    }
  }
  points.push(clampPoint({ t: end, ...state }));
  return { points, runs };
}

function workloadTimeline(c: CronHpaDto<unknown>, start: number, end: number): Pick<Timeline, 'points' | 'runs'> {
  const h = c.hpa;
  const hpaValue = h ? Math.min(h.maxReplicas, Math.max(h.minReplicas, h.wanted ?? h.currentReplicas ?? c.workload?.replicas ?? h.minReplicas)) : undefined;
  const points: TimelinePoint[] = [];
  const runs: TimelineRun[] = [];
  let replicas = c.workload?.replicas;
  let cron: number | undefined;
  points.push(clampPoint({ t: start, replicas, hpa: hpaValue, min: h?.minReplicas, max: h?.maxReplicas }));
  for (const w of c.writes ?? []) {
    const t = Date.parse(w.at);
    if (t > end) break;
    runs.push({ t, job: w.job, targetSize: w.targetSize, value: w.excluded ? replicas ?? w.replicas : w.replicas, collides: w.collides, excluded: w.excluded });
    if (w.excluded) continue;
    cron = w.replicas;
    replicas = w.replicas;
    points.push(clampPoint({ t, replicas, cron, hpa: hpaValue, min: h?.minReplicas, max: h?.maxReplicas }));
    if (w.hpaReplicas !== undefined && w.hpaReplicas !== w.replicas) {
      replicas = w.hpaReplicas;
      if (t + HPA_SYNC_MS <= end) points.push(clampPoint({ t: t + HPA_SYNC_MS, replicas, cron, hpa: hpaValue, min: h?.minReplicas, max: h?.maxReplicas }));
    }
  }
  points.push(clampPoint({ t: end, replicas, cron, hpa: hpaValue, min: h?.minReplicas, max: h?.maxReplicas }));
  return { points, runs };
}

/**
 * The series of one CronHPA from `start` to `end` (ms).
 *
 * @example cronTimeline(webBusinessHours, now, now + 86_400_000).runs.filter((r) => r.collides).length // 2 on a weekday
 */
export function cronTimeline(c: CronHpaDto<unknown>, start: number, end: number): Timeline {
  const kind = c.mode === 'hpa' ? 'hpa' : c.mode === 'workload' ? 'workload' : 'none';
  const body = kind === 'hpa' ? hpaTimeline(c, start, end) : kind === 'workload' ? workloadTimeline(c, start, end) : { points: [], runs: [] };
  return { ...body, kind, start, end };
}

/** The points and runs inside [from, to], with the values in force at `from` carried in. */
export function zoomTimeline(tl: Timeline, from: number, to: number): Timeline {
  const before = tl.points.filter((p) => p.t <= from).at(-1);
  const inside = tl.points.filter((p) => p.t > from && p.t < to);
  const last = [...(before ? [before] : []), ...inside].at(-1);
  const points = [...(before ? [{ ...before, t: from }] : []), ...inside, ...(last ? [{ ...last, t: to }] : [])];
  return { ...tl, points, runs: tl.runs.filter((r) => r.t >= from && r.t <= to), start: from, end: to };
}
