/**
 * Turns recorded samples (written only on change) into a step series for a chart: each value
 * holds until the next sample, and the last one is carried to `now`.
 */
import type { ReplicaSample } from './types';

export interface SeriesPoint {
  t: number;
  desired: number;
  ready: number;
  min?: number;
  max?: number;
}

export function stepSeries(samples: ReplicaSample[], now: number): SeriesPoint[] {
  const points = samples.map((s) => ({ t: Date.parse(s.at), desired: s.desired, ready: s.ready, min: s.min, max: s.max }));
  const last = points.at(-1);
  if (last && last.t < now) points.push({ ...last, t: now });
  return points;
}
