/**
 * The HPA's replica calculation for one metric, after kubernetes/kubernetes
 * `pkg/controller/podautoscaler/replica_calculator.go` (and `metrics/utilization.go`): usage ratio
 * against the target, tolerance, `ceil`, and the treatment of pending, unready and metric-less pods.
 * Pure: pods, metrics and `now` come in; values are milli-units (int64 milli in upstream), so the
 * integer divisions upstream does are truncations here too.
 */

/** A pod as the calculator sees it (from the pod lister upstream). */
export interface PodSample {
  name: string;
  /** `status.phase`: Pending, Running, Succeeded, Failed, Unknown. */
  phase: string;
  /** The pod has a deletionTimestamp. */
  deleting: boolean;
  /** The `Ready` condition, if the pod has one. */
  ready?: { status: string; lastTransitionTime: number };
  /** `status.startTime` in ms, if set. */
  startTime?: number;
  /** Per-container requests in milli-units, by resource name (`cpu`, `memory`); absent = no request. */
  containers: { name: string; requests: Record<string, number> }[];
}

/** One pod's metric sample, as the resource or custom metrics API reports it. */
export interface PodMetric {
  value: number;
  timestamp: number;
  windowMs: number;
}

/** The controller flags the calculation depends on (upstream kube-controller-manager options). */
export interface CalculatorOptions {
  /** `--horizontal-pod-autoscaler-tolerance`, 0.1 by default. */
  tolerance: number;
  /** `--horizontal-pod-autoscaler-cpu-initialization-period`, 5 minutes by default. */
  cpuInitializationPeriodMs: number;
  /** `--horizontal-pod-autoscaler-initial-readiness-delay`, 30 seconds by default. */
  delayOfInitialReadinessStatusMs: number;
  now: number;
}

export const DEFAULT_CALCULATOR_OPTIONS: Omit<CalculatorOptions, 'now'> = { tolerance: 0.1, cpuInitializationPeriodMs: 5 * 60_000, delayOfInitialReadinessStatusMs: 30_000 };

export type Calculated<T> = ({ ok: true } & T) | { ok: false; error: string };

interface Grouped {
  readyPodCount: number;
  unready: Set<string>;
  missing: Set<string>;
  ignored: Set<string>;
}

/** `groupPods`: which pods count, which are unready (pending, or CPU still initialising), which lack metrics. */
export function groupPods(pods: PodSample[], metrics: Map<string, PodMetric>, resource: string, o: CalculatorOptions): Grouped {
  const g: Grouped = { readyPodCount: 0, unready: new Set(), missing: new Set(), ignored: new Set() };
  for (const pod of pods) {
    if (pod.deleting || pod.phase === 'Failed') {
      g.ignored.add(pod.name);
      continue;
    }
    if (pod.phase === 'Pending') {
      g.unready.add(pod.name);
      continue;
    }
    const metric = metrics.get(pod.name);
    if (!metric) {
      g.missing.add(pod.name);
      continue;
    }
    // Only CPU samples are distrusted while a pod starts: its usage spikes then (upstream comment).
    if (resource === 'cpu') {
      let unready: boolean;
      const cond = pod.ready;
      if (!cond || pod.startTime === undefined) unready = true;
      else if (pod.startTime + o.cpuInitializationPeriodMs > o.now) {
        unready = cond.status === 'False' || metric.timestamp < cond.lastTransitionTime + metric.windowMs;
      } else {
        unready = cond.status === 'False' && pod.startTime + o.delayOfInitialReadinessStatusMs > cond.lastTransitionTime;
      }
      if (unready) {
        g.unready.add(pod.name);
        continue;
      }
    }
    g.readyPodCount++;
  }
  return g;
}

/** `calculatePodRequests`: the summed requests of each pod (or of one container), or the upstream error. */
export function podRequests(pods: PodSample[], container: string, resource: string): Calculated<{ requests: Map<string, number> }> {
  const requests = new Map<string, number>();
  for (const pod of pods) {
    let sum = 0;
    for (const c of pod.containers) {
      if (container !== '' && container !== c.name) continue;
      const r = c.requests[resource];
      if (r === undefined) return { ok: false, error: `missing request for ${resource} in container ${c.name} of Pod ${pod.name}` };
      sum += r;
    }
    requests.set(pod.name, sum);
  }
  return { ok: true, requests };
}

/** `GetResourceUtilizationRatio`: utilization is an integer percentage before the ratio is taken, as upstream. */
export function resourceUtilizationRatio(metrics: Map<string, PodMetric>, requests: Map<string, number>, targetUtilization: number): Calculated<{ ratio: number; utilization: number; rawAverage: number }> {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let entries = 0;
  for (const [pod, m] of metrics) {
    const request = requests.get(pod);
    if (request === undefined) continue;
    metricsTotal += m.value;
    requestsTotal += request;
    entries++;
  }
  if (requestsTotal === 0) return { ok: false, error: 'no metrics returned matched known pods' };
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return { ok: true, ratio: utilization / targetUtilization, utilization, rawAverage: Math.trunc(metricsTotal / entries) };
}

/** `GetMetricUsageRatio`: average usage (truncated) against the per-pod target. */
export function metricUsageRatio(metrics: Map<string, PodMetric>, targetUsage: number): { ratio: number; usage: number } {
  let total = 0;
  for (const m of metrics.values()) total += m.value;
  const usage = Math.trunc(total / metrics.size);
  return { ratio: usage / targetUsage, usage };
}

const withinTolerance = (ratio: number, tolerance: number): boolean => Math.abs(1 - ratio) <= tolerance;

/**
 * The part `GetResourceReplicas` and `calcPlainMetricReplicas` share once the first ratio is known:
 * missing pods count as 100 % (`fallback`) on a scale-down and 0 on a scale-up, unready pods as 0
 * on a scale-up; a recomputed ratio that changes direction or falls within tolerance keeps the count.
 */
function rebalance(
  currentReplicas: number,
  ratio: number,
  readyPodCount: number,
  g: Grouped,
  metrics: Map<string, PodMetric>,
  fallback: (pod: string) => number,
  recompute: (m: Map<string, PodMetric>) => number,
  tolerance: number,
): number {
  const scaleUpWithUnready = g.unready.size > 0 && ratio > 1;
  if (!scaleUpWithUnready && g.missing.size === 0) {
    if (withinTolerance(ratio, tolerance)) return currentReplicas;
    return Math.ceil(ratio * readyPodCount);
  }
  const m = new Map(metrics);
  const zero = (): PodMetric => ({ value: 0, timestamp: 0, windowMs: 0 });
  if (g.missing.size > 0) {
    for (const pod of g.missing) {
      if (ratio < 1) m.set(pod, { value: fallback(pod), timestamp: 0, windowMs: 0 });
      else if (ratio > 1) m.set(pod, zero());
    }
  }
  if (scaleUpWithUnready) for (const pod of g.unready) m.set(pod, zero());
  const newRatio = recompute(m);
  if (withinTolerance(newRatio, tolerance) || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1)) return currentReplicas;
  const newReplicas = Math.ceil(newRatio * m.size);
  if ((newRatio < 1 && newReplicas > currentReplicas) || (newRatio > 1 && newReplicas < currentReplicas)) return currentReplicas;
  return newReplicas;
}

function usableMetrics(pods: PodSample[], metrics: Map<string, PodMetric>, resource: string, o: CalculatorOptions): Calculated<{ g: Grouped; metrics: Map<string, PodMetric> }> {
  if (pods.length === 0) return { ok: false, error: 'no pods returned by selector while calculating replica count' };
  const g = groupPods(pods, metrics, resource, o);
  const m = new Map(metrics);
  for (const pod of [...g.ignored, ...g.unready]) m.delete(pod);
  if (m.size === 0) return { ok: false, error: 'did not receive metrics for targeted pods (pods might be unready)' };
  return { ok: true, g, metrics: m };
}

/** `GetResourceReplicas` (Resource/ContainerResource with an averageUtilization target). */
export function resourceUtilizationReplicas(
  currentReplicas: number, targetUtilization: number, resource: string, container: string,
  pods: PodSample[], metrics: Map<string, PodMetric>, o: CalculatorOptions,
): Calculated<{ replicas: number; utilization: number; rawAverage: number }> {
  const usable = usableMetrics(pods, metrics, resource, o);
  if (!usable.ok) return usable;
  const req = podRequests(pods, container, resource);
  if (!req.ok) return req;
  const first = resourceUtilizationRatio(usable.metrics, req.requests, targetUtilization);
  if (!first.ok) return first;
  // On a scale-down a pod without metrics counts as using its request, or the target if above 100 %.
  const fallbackUtilization = Math.max(100, targetUtilization);
  const replicas = rebalance(currentReplicas, first.ratio, usable.g.readyPodCount, usable.g, usable.metrics,
    (pod) => Math.trunc(((req.requests.get(pod) ?? 0) * fallbackUtilization) / 100),
    (m) => {
      const r = resourceUtilizationRatio(m, req.requests, targetUtilization);
      return r.ok ? r.ratio : first.ratio;
    }, o.tolerance);
  return { ok: true, replicas, utilization: first.utilization, rawAverage: first.rawAverage };
}

/** `calcPlainMetricReplicas` (Pods metrics, and Resource/ContainerResource with an averageValue target). */
export function plainMetricReplicas(
  currentReplicas: number, targetUsage: number, resource: string,
  pods: PodSample[], metrics: Map<string, PodMetric>, o: CalculatorOptions,
): Calculated<{ replicas: number; usage: number }> {
  const usable = usableMetrics(pods, metrics, resource, o);
  if (!usable.ok) return usable;
  const first = metricUsageRatio(usable.metrics, targetUsage);
  const replicas = rebalance(currentReplicas, first.ratio, usable.g.readyPodCount, usable.g, usable.metrics,
    () => targetUsage, (m) => metricUsageRatio(m, targetUsage).ratio, o.tolerance);
  return { ok: true, replicas, usage: first.usage };
}

/** Running and Ready pods (`getReadyPodsCount`). */
export function readyPodCount(pods: PodSample[]): number {
  return pods.filter((p) => p.phase === 'Running' && p.ready?.status === 'True').length;
}

/**
 * `getUsageRatioReplicaCount` (Object and External metrics with a Value target): the ratio times the
 * ready pods; from zero replicas the ratio alone, so such an HPA can scale from zero.
 */
export function usageRatioReplicas(currentReplicas: number, usageRatio: number, pods: PodSample[], tolerance: number): Calculated<{ replicas: number }> {
  if (currentReplicas === 0) return { ok: true, replicas: Math.ceil(usageRatio) };
  if (withinTolerance(usageRatio, tolerance)) return { ok: true, replicas: currentReplicas };
  if (pods.length === 0) return { ok: false, error: 'unable to calculate ready pods: no pods returned by selector while calculating replica count' };
  return { ok: true, replicas: Math.ceil(usageRatio * readyPodCount(pods)) };
}

/**
 * `GetObjectPerPodMetricReplicas` / `GetExternalPerPodMetricReplicas` (AverageValue targets): the
 * total over the per-pod target, against the target's status replicas; usage shown per pod.
 */
export function perPodValueReplicas(statusReplicas: number, targetPerPod: number, usage: number, tolerance: number): { replicas: number; averageUsage: number } {
  let replicas = statusReplicas;
  const ratio = usage / (targetPerPod * replicas);
  if (Math.abs(1 - ratio) > tolerance) replicas = Math.ceil(usage / targetPerPod);
  // Upstream divides by zero replicas into an undefined int64; report the total instead.
  return { replicas, averageUsage: statusReplicas > 0 ? Math.ceil(usage / statusReplicas) : usage };
}
