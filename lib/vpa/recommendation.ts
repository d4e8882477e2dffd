/**
 * The VPA recommender's estimate for one container, and the capping of a recommendation by the
 * VPA's resource policy. Follows kubernetes/autoscaler vertical-pod-autoscaler
 * pkg/recommender/logic/{recommender,estimator}.go and pkg/utils/vpa/capping.go.
 *
 * Simplification (documented in sim/controllers/vpa/README.md): samples are kept as values, not
 * as decaying histogram checkpoints; CPU samples are weighted by a 24 h half-life decay only (not
 * by the container's request); memory uses the peak of each 24 h aggregation interval; no OOM bump.
 */
import { CPU_HISTOGRAM, MEMORY_HISTOGRAM, histogramPercentile } from './histogram';
import { formatVpaAmount } from './quantity';

/** Amounts in the recommender's units: CPU in millicores, memory in bytes (both integers). */
export interface Amounts {
  cpu?: number;
  memory?: number;
}

export interface Estimate {
  target: Amounts;
  lowerBound: Amounts;
  upperBound: Amounts;
}

export interface Sample {
  /** Epoch ms of the sample. */
  at: number;
  /** Cores (CPU) or bytes (memory). */
  value: number;
}

/** Upstream flag defaults (recommender main.go / logic/recommender.go). */
export const RECOMMENDER_DEFAULTS = {
  safetyMarginFraction: 0.15,
  podMinCpuMillicores: 25,
  podMinMemoryMb: 250,
  targetCpuPercentile: 0.9,
  lowerBoundCpuPercentile: 0.5,
  upperBoundCpuPercentile: 0.95,
  targetMemoryPercentile: 0.9,
  lowerBoundMemoryPercentile: 0.5,
  upperBoundMemoryPercentile: 0.95,
  cpuHalfLifeMs: 24 * 3600_000,
  memoryAggregationIntervalMs: 24 * 3600_000,
};
export type RecommenderConfig = typeof RECOMMENDER_DEFAULTS;

/** `model.MaxResourceAmount`: what an infinite confidence multiplier saturates to. */
export const MAX_RESOURCE_AMOUNT = 1e14;
const DAY = 24 * 3600_000;

const trunc = (x: number) => Math.min(MAX_RESOURCE_AMOUNT, Math.trunc(x));

/** History length in days as the recommender sees it: min(lifespan, samples / 1440) (estimator.go `getConfidence`). */
export function confidenceDays(cpu: readonly Sample[]): number {
  if (cpu.length === 0) return 0;
  const first = Math.min(...cpu.map((s) => s.at));
  const last = Math.max(...cpu.map((s) => s.at));
  return Math.min((last - first) / DAY, cpu.length / (60 * 24));
}

/** (1 + multiplier / confidence) ^ exponent (estimator.go `confidenceMultiplier`). */
export function confidenceFactor(multiplier: number, exponent: number, confidence: number): number {
  return (1 + multiplier / confidence) ** exponent;
}

/**
 * Target, lower and upper bound for one container from its samples; `containersInPod` splits the
 * pod minimums (25 millicores, 250 MiB) between containers.
 */
export function estimateContainer(cpu: readonly Sample[], memory: readonly Sample[], now: number, containersInPod: number, cfg: RecommenderConfig = RECOMMENDER_DEFAULTS): Estimate {
  const cpuWeighted = cpu.map((s) => ({ value: s.value, weight: 2 ** ((s.at - now) / cfg.cpuHalfLifeMs) }));
  const peaks = new Map<number, number>();
  const firstMem = memory.length ? Math.min(...memory.map((s) => s.at)) : 0;
  for (const s of memory) {
    const interval = Math.floor((s.at - firstMem) / cfg.memoryAggregationIntervalMs);
    peaks.set(interval, Math.max(peaks.get(interval) ?? 0, s.value));
  }
  const memWeighted = [...peaks.entries()].map(([i, v]) => ({ value: v, weight: 2 ** ((firstMem + i * cfg.memoryAggregationIntervalMs - now) / cfg.cpuHalfLifeMs) }));
  const cpuAt = (p: number) => trunc(histogramPercentile(CPU_HISTOGRAM, cpuWeighted, p) * 1000);
  const memAt = (p: number) => trunc(histogramPercentile(MEMORY_HISTOGRAM, memWeighted, p));
  const margin = (x: number) => trunc(x * (1 + cfg.safetyMarginFraction));
  const confidence = confidenceDays(cpu);
  const upperF = confidence > 0 ? confidenceFactor(1, 1, confidence) : Infinity;
  const lowerF = confidence > 0 ? confidenceFactor(0.001, -2, confidence) : 0;
  const minCpu = trunc(cfg.podMinCpuMillicores / containersInPod);
  const minMem = trunc((cfg.podMinMemoryMb * 1024 * 1024) / containersInPod);
  const withMin = (a: Amounts): Amounts => ({ cpu: Math.max(a.cpu ?? 0, minCpu), memory: Math.max(a.memory ?? 0, minMem) });
  const scale = (x: number, f: number) => (f === Infinity ? (x > 0 ? MAX_RESOURCE_AMOUNT : 0) : trunc(x * f));
  return {
    target: withMin({ cpu: margin(cpuAt(cfg.targetCpuPercentile)), memory: margin(memAt(cfg.targetMemoryPercentile)) }),
    lowerBound: withMin({ cpu: scale(margin(cpuAt(cfg.lowerBoundCpuPercentile)), lowerF), memory: scale(margin(memAt(cfg.lowerBoundMemoryPercentile)), lowerF) }),
    upperBound: withMin({ cpu: scale(margin(cpuAt(cfg.upperBoundCpuPercentile)), upperF), memory: scale(margin(memAt(cfg.upperBoundMemoryPercentile)), upperF) }),
  };
}

export interface ContainerPolicy {
  containerName?: string;
  mode?: 'Auto' | 'Off';
  minAllowed?: Record<string, string | number>;
  maxAllowed?: Record<string, string | number>;
  controlledResources?: string[];
  controlledValues?: 'RequestsAndLimits' | 'RequestsOnly';
}

/** The policy for a container: its own, else the `*` one (pkg/utils/vpa/api.go `GetContainerResourcePolicy`). */
export function containerPolicy(policies: readonly ContainerPolicy[] | undefined, container: string): ContainerPolicy | undefined {
  return (policies ?? []).find((p) => p.containerName === container) ?? (policies ?? []).find((p) => p.containerName === '*');
}

export interface ContainerRecommendation {
  containerName: string;
  target: Record<string, string>;
  lowerBound: Record<string, string>;
  upperBound: Record<string, string>;
  uncappedTarget: Record<string, string>;
}

/**
 * The status recommendation of one container: controlled resources only (default cpu and memory),
 * uncappedTarget = the estimate, target and bounds capped to minAllowed/maxAllowed; undefined for a
 * container whose policy mode is Off.
 */
export function cappedRecommendation(containerName: string, estimate: Estimate, policy: ContainerPolicy | undefined, parse: (q: string | number) => number | undefined): ContainerRecommendation | undefined {
  if (policy?.mode === 'Off') return undefined;
  const controlled = policy?.controlledResources?.length ? policy.controlledResources : ['cpu', 'memory'];
  const toUnits = (resource: string, q: string | number | undefined): number | undefined => {
    if (q === undefined) return undefined;
    const v = parse(q);
    if (v === undefined) return undefined;
    return resource === 'cpu' ? Math.ceil(v * 1000 - 1e-9) : Math.ceil(v - 1e-9);
  };
  const list = (a: Amounts, cap: boolean): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const r of ['cpu', 'memory'] as const) {
      if (!controlled.includes(r) || a[r] === undefined) continue;
      const v = a[r]!;
      // A capped value is the policy's own quantity, printed as written (capping.go `maybeCapToPolicyMin/Max`).
      const min = cap ? toUnits(r, policy?.minAllowed?.[r]) : undefined;
      const max = cap ? toUnits(r, policy?.maxAllowed?.[r]) : undefined;
      if (min !== undefined && v < min) out[r] = String(policy!.minAllowed![r]);
      else if (max !== undefined && v > max) out[r] = String(policy!.maxAllowed![r]);
      else out[r] = formatVpaAmount(r, v);
    }
    return out;
  };
  return {
    containerName,
    target: list(estimate.target, true),
    lowerBound: list(estimate.lowerBound, true),
    upperBound: list(estimate.upperBound, true),
    uncappedTarget: list(estimate.target, false),
  };
}
