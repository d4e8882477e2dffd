/**
 * What an HPA's metrics ask for right now, read back from its status — before min/max clamping and
 * stabilization. Undefined when a metric's current value is not reported.
 *
 * Upstream (`replica_calculator.go`) proposes, per metric, the current count when the usage ratio is
 * within the tolerance (0.1 by default) of 1, else ceil(ratio × current), and takes the largest.
 */
import type { KubeObject } from '../k8s/object';
import { at, int, list, num, str } from '../k8s/fields';
import { parseQuantity } from '../k8s/quantity';

/** kube-controller-manager's `--horizontal-pod-autoscaler-tolerance` default. */
export const HPA_TOLERANCE = 0.1;

/**
 * The load in replicas at target: currentReplicas × usage ratio, the largest over metrics (a
 * constant load spread over the pods keeps it constant whatever the count).
 *
 * @example metricsDemand(hpaAt3PodsAndCpu53Of50) // 3.18
 */
export function metricsDemand(hpa: KubeObject): number | undefined {
  const current = int(at(hpa.status, 'currentReplicas'));
  const specs = list(at(hpa.spec, 'metrics'));
  const statuses = list(at(hpa.status, 'currentMetrics'));
  if (current === undefined || specs.length === 0 || statuses.length !== specs.length) return undefined;
  let best = 0;
  for (let i = 0; i < specs.length; i++) {
    const ratio = metricRatio(specs[i], statuses[i]);
    if (ratio === undefined) return undefined;
    best = Math.max(best, current * ratio);
  }
  return best;
}

/**
 * What the HPA proposes at `replicas` for a load of `demand` replicas at target: the same count
 * when demand / replicas is within the tolerance of 1, else ceil(demand) (the largest ratio decides,
 * as the largest per-metric proposal does upstream).
 *
 * @example wishAt(3, 3.18) // 3: 6 % over target is within the tolerance
 * @example wishAt(5, 3.18) // 4
 */
export function wishAt(replicas: number, demand: number, tolerance = HPA_TOLERANCE): number {
  if (replicas > 0 && Math.abs(1 - demand / replicas) <= tolerance) return replicas;
  return Math.ceil(demand);
}

/** What the metrics ask for at the HPA's current count (with the tolerance). */
export function metricsRecommendation(hpa: KubeObject): number | undefined {
  const demand = metricsDemand(hpa);
  const current = int(at(hpa.status, 'currentReplicas'));
  return demand === undefined || current === undefined ? undefined : wishAt(current, demand);
}

function metricRatio(spec: unknown, status: unknown): number | undefined {
  const type = str(at(spec, 'type'));
  if (!type || str(at(status, 'type')) !== type) return undefined;
  const key = type.charAt(0).toLowerCase() + type.slice(1);
  const target = at(spec, key, 'target');
  const cur = at(status, key, 'current');
  const utilization = num(at(target, 'averageUtilization'));
  if (utilization !== undefined) {
    const now = num(at(cur, 'averageUtilization'));
    return now === undefined || utilization <= 0 ? undefined : now / utilization;
  }
  for (const field of ['averageValue', 'value'] as const) {
    const want = parseQuantity(at(target, field));
    if (want === undefined) continue;
    const have = parseQuantity(at(cur, field));
    return have === undefined || want <= 0 ? undefined : have / want;
  }
  return undefined;
}
