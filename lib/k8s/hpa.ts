/** HorizontalPodAutoscaler (autoscaling/v2): the native autoscaler, also what KEDA creates. */
import type { KubeObject } from './object';
import { at, int, list, num, str } from './fields';
import { memoByObject } from './memo';
import { readScaleTarget, type ScaleTarget } from './scale-target';

export const HPA_GVK = { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers' } as const;

/** KEDA's webhook ignores HPAs carrying this annotation set to "false" (upstream). */
export const HPA_OWNERSHIP_VALIDATION_ANNOTATION = 'validations.keda.sh/hpa-ownership';

export interface HpaMetricSummary {
  type: string;
  /** e.g. `cpu 70%`, `memory 512Mi`, `queue_depth 30 (external)`. */
  label: string;
}

export const Hpa = {
  scaleTarget: memoByObject((hpa: KubeObject): ScaleTarget | undefined => readScaleTarget(at(hpa.spec, 'scaleTargetRef'), hpa.metadata.namespace)),
  minReplicas(hpa: KubeObject): number {
    return int(at(hpa.spec, 'minReplicas')) ?? 1;
  },
  maxReplicas(hpa: KubeObject): number | undefined {
    return int(at(hpa.spec, 'maxReplicas'));
  },
  currentReplicas(hpa: KubeObject): number | undefined {
    return int(at(hpa.status, 'currentReplicas'));
  },
  desiredReplicas(hpa: KubeObject): number | undefined {
    return int(at(hpa.status, 'desiredReplicas'));
  },
  /** The ScaledObject named as owner, if any (KEDA-made or adopted HPAs). */
  ownerScaledObject(hpa: KubeObject): string | undefined {
    const owner = (hpa.metadata.ownerReferences ?? []).find((o) => o?.kind === 'ScaledObject');
    return owner?.name;
  },
  metrics: memoByObject((hpa: KubeObject): HpaMetricSummary[] => list(at(hpa.spec, 'metrics')).map(metricSummary)),
};

function metricSummary(m: unknown): HpaMetricSummary {
  const type = str(at(m, 'type')) ?? 'Unknown';
  const source = at(m, type.charAt(0).toLowerCase() + type.slice(1));
  const name = str(at(source, 'name')) ?? str(at(source, 'metric', 'name')) ?? type.toLowerCase();
  const target = at(source, 'target');
  const utilization = num(at(target, 'averageUtilization'));
  const value = str(at(target, 'averageValue')) ?? str(at(target, 'value')) ?? numText(at(target, 'averageValue')) ?? numText(at(target, 'value'));
  const goal = utilization !== undefined ? `${utilization}%` : value;
  const suffix = type === 'Resource' || type === 'ContainerResource' ? '' : ` (${type.toLowerCase()})`;
  return { type, label: `${name}${goal ? ` ${goal}` : ''}${suffix}` };
}

function numText(v: unknown): string | undefined {
  return typeof v === 'number' ? String(v) : undefined;
}
