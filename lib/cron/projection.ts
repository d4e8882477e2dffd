/**
 * What a CronHPA's jobs will do over a window of time, run by run, in the controller's time zone.
 *
 * With an HPA as target each run applies design §6's rule (`applyJobToHpa`, seed 004) to the HPA as
 * it stands then; between runs the HPA keeps scaling on its metrics inside the new bounds. The
 * projection assumes the load stays as it is now: its `demand` (replicas at target, the total load
 * spread over the pods) is constant, and the HPA has reached what it asks for at the count it is at
 * (`wishAt`: the same count within the 0.1 tolerance, else ceil(demand)), within its bounds, by the
 * next run — which holds when runs are further apart than its scale-down stabilization window
 * (5 minutes by default). Without a known demand the replicas stay where the last run left them.
 * An HPA whose owner reconciles its spec (KEDA's) gets its bounds put back right after each run.
 *
 * With a workload as target each run writes `targetSize` to the replicas; an HPA that also scales the
 * workload writes them back to its own wish at its next sync (15 s): the two collide whenever they differ.
 */
import { excludedBy, type ExcludeDatesMode } from './exclude-dates';
import { wishAt } from '../hpa/recommendation';
import { applyJobToHpa } from './hpa-target';
import { upcomingRuns, type JobTiming } from './runs';

export interface ProjectedJob extends JobTiming {
  name: string;
  targetSize: number;
}

export interface ProjectionWindow {
  /** Runs strictly after this instant… */
  fromMs: number;
  /** …and at or before this one. */
  untilMs: number;
  timeZone: string;
  /** The CronHPA's `excludeDates`: a run on an excluded day does nothing. */
  excludeDates?: readonly string[];
  excludeMode?: ExcludeDatesMode;
  /** At most this many runs in all (default 500); `truncated` says when more were left out. */
  limit?: number;
}

/** One run of one job. */
export interface Run {
  at: number;
  /** Index of the job in the list given. */
  job: number;
  /** The `excludeDates` entry that makes this run a no-op. */
  excluded?: string;
}

/** Every run of every job in the window, in time order (runs at the same instant in list order). */
export function mergeRuns(jobs: readonly JobTiming[], w: ProjectionWindow): { runs: Run[]; truncated: boolean } {
  const limit = w.limit ?? 500;
  const all: Run[] = [];
  jobs.forEach((j, i) => {
    for (const at of upcomingRuns(j, w.fromMs, w.timeZone, { count: limit + 1, untilMs: w.untilMs })) all.push({ at, job: i });
  });
  all.sort((a, b) => a.at - b.at || a.job - b.job);
  const runs = all.slice(0, limit).map((r) => {
    const hit = excludedBy(w.excludeDates, r.at, w.timeZone, w.excludeMode);
    return hit ? { ...r, excluded: hit.date } : r;
  });
  return { runs, truncated: all.length > limit };
}

/** Where an HPA holds the replicas from `replicas`: what its load asks for there, within its bounds (where they are without a known load). */
export function settleHpa(replicas: number, demand: number | undefined, min: number, max: number): number {
  return Math.min(max, Math.max(min, demand === undefined ? replicas : wishAt(replicas, demand)));
}

/** The HPA a CronHPA adjusts, as it stands now. */
export interface HpaNow {
  minReplicas: number;
  maxReplicas: number;
  /** `status.currentReplicas` (0 before its first sync). */
  currentReplicas: number;
  /** Its load in replicas at target (`metricsDemand`), when its metrics say. */
  demand?: number;
  /** The bounds its owner writes back after every change (a ScaledObject's HPA: KEDA reconciles the spec). */
  restoredTo?: { minReplicas: number; maxReplicas: number };
}

export interface HpaProjectionRow {
  at: number;
  job: string;
  targetSize: number;
  /** C: the HPA's currentReplicas the run reads. */
  before: number;
  /** The HPA's bounds the run reads. */
  minBefore: number;
  maxBefore: number;
  /** The HPA's bounds after the run. */
  min: number;
  max: number;
  /** The replicas the run leaves: T when it scaled (C < T), else C. Seed 004's "deployment" column. */
  replicas: number;
  /** Where the HPA then holds them (its wish within the new bounds, or the restored ones). */
  settled: number;
  /** The bounds the HPA's owner puts back right after the run (KEDA undoes the CronHPA's write). */
  restored?: { min: number; max: number };
  hpaUpdated: boolean;
  scaled: boolean;
  excluded?: string;
}

/**
 * The runs of jobs on an HPA target, each applied to the HPA as the previous ones left it.
 *
 * @example projectOnHpa([{ name: 'up', targetSize: 6, runOnce: false, schedule }], { minReplicas: 1, maxReplicas: 10, currentReplicas: 5 }, window)
 * // [{ at, job: 'up', targetSize: 6, before: 5, min: 6, max: 10, replicas: 6, settled: 6, hpaUpdated: true, scaled: true }, …]
 */
export function projectOnHpa(jobs: readonly ProjectedJob[], hpa: HpaNow, w: ProjectionWindow): { rows: HpaProjectionRow[]; truncated: boolean } {
  const { runs, truncated } = mergeRuns(jobs, w);
  let min = hpa.minReplicas;
  let max = hpa.maxReplicas;
  let c = hpa.currentReplicas === 0 ? 0 : settleHpa(hpa.currentReplicas, hpa.demand, min, max);
  const rows = runs.map((r): HpaProjectionRow => {
    const j = jobs[r.job]!;
    const base = { at: r.at, job: j.name, targetSize: j.targetSize, before: c, minBefore: min, maxBefore: max };
    if (r.excluded) return { ...base, min, max, replicas: c, settled: c, hpaUpdated: false, scaled: false, excluded: r.excluded };
    const o = applyJobToHpa(j.targetSize, { minReplicas: min, maxReplicas: max, currentReplicas: c });
    const replicas = o.scaleTarget ? j.targetSize : c;
    [min, max] = [o.minReplicas, o.maxReplicas];
    const row = { ...base, min, max, replicas, hpaUpdated: o.updateHpa, scaled: o.scaleTarget };
    const back = hpa.restoredTo && o.updateHpa && (min !== hpa.restoredTo.minReplicas || max !== hpa.restoredTo.maxReplicas) ? { min: hpa.restoredTo.minReplicas, max: hpa.restoredTo.maxReplicas } : undefined;
    if (back) [min, max] = [back.min, back.max];
    c = settleHpa(replicas, hpa.demand, min, max);
    return back ? { ...row, settled: c, restored: back } : { ...row, settled: c };
  });
  return { rows, truncated };
}

/** An HPA (native, or KEDA's) that also writes the replicas of a CronHPA's workload. */
export interface OtherWriter {
  minReplicas: number;
  maxReplicas: number;
  /** Its load in replicas at target, when its metrics say. */
  demand?: number;
}

export interface WorkloadProjectionRow {
  at: number;
  job: string;
  targetSize: number;
  /** What the run writes to the replicas: targetSize. */
  replicas: number;
  /** What the HPA writes back at its next sync, when one scales the workload too. */
  hpaReplicas?: number;
  /** The two writers disagree: the replicas flip from one value to the other. */
  collides: boolean;
  excluded?: string;
}

/**
 * The runs of jobs on a workload target. With `hpa`, each run is followed by the HPA's write of what
 * its load asks for at the count the run left, within its bounds (it clamps even without metrics).
 */
export function projectOnWorkload(jobs: readonly ProjectedJob[], hpa: OtherWriter | undefined, w: ProjectionWindow): { rows: WorkloadProjectionRow[]; truncated: boolean } {
  const { runs, truncated } = mergeRuns(jobs, w);
  const rows = runs.map((r): WorkloadProjectionRow => {
    const j = jobs[r.job]!;
    if (r.excluded) return { at: r.at, job: j.name, targetSize: j.targetSize, replicas: j.targetSize, collides: false, excluded: r.excluded };
    const hpaReplicas = hpa ? settleHpa(j.targetSize, hpa.demand, hpa.minReplicas, hpa.maxReplicas) : undefined;
    return { at: r.at, job: j.name, targetSize: j.targetSize, replicas: j.targetSize, hpaReplicas, collides: hpaReplicas !== undefined && hpaReplicas !== j.targetSize };
  });
  return { rows, truncated };
}
