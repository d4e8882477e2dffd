/**
 * What an HPA's metrics ask for right now, read back from its status: for each metric,
 * ceil(currentReplicas × current ÷ target), the largest over metrics — before min/max clamping
 * and stabilization. Undefined when a metric's current value is not reported.
 */
import type { KubeObject } from '../k8s/object';
import { at, int, list, num, str } from '../k8s/fields';
import { parseQuantity } from '../k8s/quantity';

export function metricsRecommendation(hpa: KubeObject): number | undefined {
  const current = int(at(hpa.status, 'currentReplicas'));
  const specs = list(at(hpa.spec, 'metrics'));
  const statuses = list(at(hpa.status, 'currentMetrics'));
  if (current === undefined || specs.length === 0 || statuses.length !== specs.length) return undefined;
  let best = 0;
  for (let i = 0; i < specs.length; i++) {
    const ratio = metricRatio(specs[i], statuses[i]);
    if (ratio === undefined) return undefined;
    best = Math.max(best, Math.ceil(current * ratio));
  }
  return best;
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
