/**
 * What KEDA's scalers declare for a trigger, pure: the external metric name, the scaling target
 * and the activation threshold, per trigger type. The simulator feeds values in; upstream's
 * scalers query the event source. Types not in the table fall back to the common conventions
 * (`threshold`/`value`/`targetValue`, `activation<Param>`), with the metric name `s<i>-<type>`.
 */
import { metricNameWithIndex, normalizeString } from './names';

export interface TriggerInput {
  type: string;
  name?: string;
  metricType?: string;
  /** The trigger's parameters after `*FromEnv` resolution (see env.ts `effectiveParams`). */
  params: Record<string, string | undefined>;
}

export interface TriggerSpec {
  /** Resource triggers (cpu, memory) become Resource metrics in the HPA, not external ones. */
  resource?: 'cpu' | 'memory';
  metricName: string;
  /** `AverageValue` (default), `Value` or `Utilization` (cpu/memory). */
  metricType: string;
  target: number;
  activation: number;
  /** A parameter that failed to parse, as the scaler's constructor would report it. */
  error?: string;
}

interface ScalerRule {
  target: string;
  defaultTarget?: number;
  activation: string;
  metric: (p: Record<string, string | undefined>) => string;
}

/** Upstream pkg/scalers/<type>_scaler.go `GetMetricSpecForScaling` and metadata parsing. */
const RULES: Record<string, ScalerRule> = {
  kafka: { target: 'lagThreshold', defaultTarget: 10, activation: 'activationLagThreshold', metric: (p) => (p.topic ? `kafka-${p.topic}` : `kafka-${p.consumerGroup ?? ''}-topics`) },
  prometheus: { target: 'threshold', activation: 'activationThreshold', metric: () => 'prometheus' },
  rabbitmq: { target: 'value', defaultTarget: 20, activation: 'activationValue', metric: (p) => `rabbitmq-${p.queueName ?? ''}` },
  redis: { target: 'listLength', defaultTarget: 5, activation: 'activationListLength', metric: (p) => `redis-${p.listName ?? ''}` },
  'aws-sqs-queue': { target: 'queueLength', defaultTarget: 5, activation: 'activationQueueLength', metric: (p) => `aws-sqs-${(p.queueURL ?? p.queueURLFromEnv ?? '').split('/').pop() ?? ''}` },
  'metrics-api': { target: 'targetValue', activation: 'activationTargetValue', metric: (p) => `metric-api-${p.valueLocation ?? ''}` },
  cron: { target: 'desiredReplicas', activation: '', metric: (p) => `cron-${p.timezone ?? ''}-${(p.start ?? '').replace(/[ *]/g, (c) => (c === ' ' ? '' : 'x'))}-${(p.end ?? '').replace(/[ *]/g, (c) => (c === ' ' ? '' : 'x'))}` },
};

function num(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : NaN;
}

/** The metric spec a trigger yields (index = its position in `spec.triggers`). */
export function triggerSpec(t: TriggerInput, index: number): TriggerSpec {
  if (t.type === 'cpu' || t.type === 'memory') {
    const value = num(t.params.value) ?? 0;
    return { resource: t.type, metricName: t.type, metricType: t.metricType || t.params.type || 'Utilization', target: value, activation: 0 };
  }
  const rule = RULES[t.type];
  const targetKey = rule?.target ?? ['threshold', 'value', 'targetValue'].find((k) => t.params[k] !== undefined) ?? 'threshold';
  const activationKey = rule ? rule.activation : `activation${targetKey.charAt(0).toUpperCase()}${targetKey.slice(1)}`;
  const target = num(t.params[targetKey]) ?? rule?.defaultTarget ?? 0;
  const activation = activationKey ? num(t.params[activationKey]) ?? 0 : 0;
  const base = rule ? rule.metric(t.params) : t.type;
  const spec: TriggerSpec = { metricName: metricNameWithIndex(index, normalizeString(base)), metricType: t.metricType || 'AverageValue', target, activation };
  if (Number.isNaN(target)) spec.error = `error parsing ${t.type} metadata: ${targetKey} must be a number`;
  else if (Number.isNaN(activation)) spec.error = `error parsing ${t.type} metadata: ${activationKey} must be a number`;
  return spec;
}

/**
 * A trigger is active when its value is strictly greater than its activation threshold (default 0),
 * e.g. pkg/scalers/kafka_scaler.go `totalLag > activationLagThreshold`, prometheus `val > activationThreshold`.
 */
export function isTriggerActive(value: number, activation: number): boolean {
  return value > activation;
}

/** A quantity as `resource.NewMilliQuantity(v*1000, DecimalSI)` prints it: `10`, `500m`. */
export function milliQuantity(v: number): string {
  const milli = Math.trunc(v * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** The HPA MetricSpec of a trigger (pkg/scalers/scaler.go `GetMetricTarget`; cpu_memory_scaler.go). */
export function hpaMetricSpec(spec: TriggerSpec, scaledObjectName: string, containerName?: string): Record<string, unknown> {
  if (spec.resource) {
    const target = spec.metricType === 'Utilization'
      ? { type: 'Utilization', averageUtilization: Math.trunc(spec.target) }
      : { type: 'AverageValue', averageValue: milliQuantity(spec.target) };
    if (containerName) return { type: 'ContainerResource', containerResource: { name: spec.resource, container: containerName, target } };
    return { type: 'Resource', resource: { name: spec.resource, target } };
  }
  const target = spec.metricType === 'Value' ? { type: 'Value', value: milliQuantity(spec.target) } : { type: 'AverageValue', averageValue: milliQuantity(spec.target) };
  return { type: 'External', external: { metric: { name: spec.metricName, selector: { matchLabels: { 'scaledobject.keda.sh/name': scaledObjectName } } }, target } };
}
