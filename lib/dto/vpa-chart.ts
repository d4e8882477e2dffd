/**
 * Numbers for the request-vs-recommendation chart of a VPA: one row per container and resource,
 * in base units (cores, bytes), with the lower–upper bound band cut at a scale that keeps the
 * requests readable (an upper bound early in a VPA's life is many times the target).
 */
import { parseQuantity } from '../k8s/quantity';
import type { VpaContainerDto } from './vpa';

export interface RecommendationRow {
  container: string;
  /** The pod template's request. */
  request?: number;
  /** Lowest and highest request among the running pods. */
  pods?: [number, number];
  target?: number;
  uncapped?: number;
  lower?: number;
  upper?: number;
  /** The bound band as drawn: [lower, min(upper, domain max)]. */
  band?: [number, number];
  /** The upper bound lies beyond the drawn scale. */
  upperOffScale: boolean;
}

export interface RecommendationChart {
  resource: string;
  rows: RecommendationRow[];
  /** The scale's end (base units). */
  max: number;
}

const q = (m: Record<string, string> | undefined, r: string) => parseQuantity(m?.[r]);

/** One chart per resource that any container requests or the VPA recommends. */
export function recommendationCharts(containers: readonly VpaContainerDto[]): RecommendationChart[] {
  const resources = ['cpu', 'memory'].filter((r) => containers.some((c) => c.requests[r] !== undefined || c.target?.[r] !== undefined));
  return resources.map((resource) => {
    const rows = containers.map((c): RecommendationRow => {
      const podValues = c.podRequests.map((p) => q(p.requests, resource)).filter((v): v is number => v !== undefined);
      const row: RecommendationRow = { container: c.name, upperOffScale: false };
      const set = <K extends 'request' | 'target' | 'uncapped' | 'lower' | 'upper'>(k: K, v: number | undefined) => { if (v !== undefined) row[k] = v; };
      set('request', q(c.requests, resource));
      set('target', q(c.target, resource));
      set('uncapped', q(c.uncappedTarget, resource));
      set('lower', q(c.lowerBound, resource));
      set('upper', q(c.upperBound, resource));
      if (podValues.length) row.pods = [Math.min(...podValues), Math.max(...podValues)];
      return row;
    });
    const visible = rows.flatMap((r) => [r.request, r.target, r.uncapped, r.lower, ...(r.pods ?? [])]).filter((v): v is number => v !== undefined);
    const max = niceCeil(Math.max(1e-9, ...visible) * 1.35);
    for (const r of rows) {
      if (r.lower === undefined || r.upper === undefined) continue;
      r.upperOffScale = r.upper > max;
      r.band = [r.lower, Math.min(r.upper, max)];
    }
    return { resource, rows, max };
  });
}

/** Rounds up to 1, 2, 2.5 or 5 times a power of ten. */
export function niceCeil(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (x <= m * p + 1e-12) return m * p;
  return 10 * p;
}

/** A compact axis label: `250m`, `1.5`, `512Mi`, `1.2Gi`. */
export function formatAmount(resource: string, v: number): string {
  if (resource === 'cpu') return v < 1 ? `${Math.round(v * 1000)}m` : `${+v.toFixed(2)}`;
  const units: [string, number][] = [['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]];
  for (const [u, size] of units) if (v >= size) return `${+(v / size).toFixed(v / size < 10 ? 1 : 0)}${u}`;
  return `${Math.round(v)}`;
}
