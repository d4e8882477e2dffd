/**
 * The scaling threshold and the activation threshold of a KEDA trigger, by upstream metadata names
 * and defaults (kedacore/keda pkg/scalers/*_scaler.go, the `keda:"name=…, default=…"` tags), pure.
 * Shared by the rule `scaledobject-activation-dominates` and the KEDA page's explanations. Types
 * not in the table are not judged; cpu and memory are resource metrics read from the pods.
 */
import type { Trigger } from '../k8s/scaled-object';

/** Scaling threshold and activation threshold names per trigger type, with upstream defaults. */
export interface ThresholdNames {
  target: string;
  /** Older names read when `target` is absent (rabbitmq `queueLength`). */
  legacy?: string[];
  targetDefault?: number;
  activation: string;
  activationDefault: number;
}

const t = (target: string, targetDefault: number | undefined, activation: string, extra: Partial<ThresholdNames> = {}): ThresholdNames => ({ target, targetDefault, activation, activationDefault: 0, ...extra });

export const ACTIVATION_THRESHOLDS: Readonly<Record<string, ThresholdNames>> = {
  prometheus: t('threshold', undefined, 'activationThreshold'),
  kafka: t('lagThreshold', 10, 'activationLagThreshold'),
  'apache-kafka': t('lagThreshold', 10, 'activationLagThreshold'),
  'nats-jetstream': t('lagThreshold', 10, 'activationLagThreshold'),
  stan: t('lagThreshold', 10, 'activationLagThreshold'),
  liiklus: t('lagThreshold', 10, 'activationLagThreshold'),
  rabbitmq: t('value', 20, 'activationValue', { legacy: ['queueLength'] }),
  redis: t('listLength', 5, 'activationListLength'),
  'redis-cluster': t('listLength', 5, 'activationListLength'),
  'redis-sentinel': t('listLength', 5, 'activationListLength'),
  'aws-sqs-queue': t('queueLength', 5, 'activationQueueLength'),
  'azure-queue': t('queueLength', 5, 'activationQueueLength'),
  'azure-servicebus': t('messageCount', 5, 'activationMessageCount'),
  'azure-eventhub': t('unprocessedEventThreshold', 64, 'activationUnprocessedEventThreshold'),
  'aws-cloudwatch': t('targetMetricValue', undefined, 'activationTargetMetricValue'),
  'gcp-pubsub': t('value', 10, 'activationValue'),
  'gcp-stackdriver': t('targetValue', 5, 'activationTargetValue'),
  'gcp-cloudtasks': t('value', 100, 'activationValue'),
  postgresql: t('targetQueryValue', undefined, 'activationTargetQueryValue'),
  cassandra: t('targetQueryValue', undefined, 'activationTargetQueryValue'),
  mysql: t('queryValue', undefined, 'activationQueryValue'),
  mongodb: t('queryValue', undefined, 'activationQueryValue'),
  couchdb: t('queryValue', undefined, 'activationQueryValue'),
  datadog: t('queryValue', undefined, 'activationQueryValue'),
  mssql: t('targetValue', undefined, 'activationTargetValue'),
  'metrics-api': t('targetValue', undefined, 'activationTargetValue'),
  elasticsearch: t('targetValue', undefined, 'activationTargetValue'),
  'new-relic': t('threshold', undefined, 'activationThreshold'),
  loki: t('threshold', undefined, 'activationThreshold'),
  graphite: t('threshold', undefined, 'activationThreshold'),
  dynatrace: t('threshold', undefined, 'activationThreshold'),
  influxdb: t('thresholdValue', undefined, 'activationThresholdValue'),
  beanstalkd: t('value', undefined, 'activationValue'),
};

/** A number as the scalers parse it (strconv.ParseFloat); undefined when absent or not a number. */
export function parseThreshold(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v.trim());
  return Number.isFinite(n) ? n : undefined;
}

/** A trigger's two thresholds as written (or defaulted). */
export interface TriggerThresholds {
  targetKey: string;
  /** Undefined when absent without a default, or not a number (a scaler error upstream). */
  target: number | undefined;
  /** The scaling threshold was not written: `target` is upstream's default. */
  targetDefaulted: boolean;
  activationKey: string;
  activation: number | undefined;
  activationDefaulted: boolean;
  /** `AverageValue` (KEDA's default for external metrics) or `Value`. */
  metricType: 'AverageValue' | 'Value';
}

/**
 * The thresholds of a trigger from its metadata (`params`: the metadata, or the parameters after
 * `*FromEnv` resolution); undefined for types not in the table.
 */
export function triggerThresholds(trigger: Pick<Trigger, 'type' | 'metricType' | 'metadata'>, params: Record<string, string | undefined> = trigger.metadata): TriggerThresholds | undefined {
  const th = ACTIVATION_THRESHOLDS[trigger.type];
  if (!th) return undefined;
  const targetKey = [th.target, ...(th.legacy ?? [])].find((k) => params[k] !== undefined) ?? th.target;
  const rawTarget = params[targetKey];
  const rawActivation = params[th.activation];
  return {
    targetKey,
    target: rawTarget === undefined ? th.targetDefault : parseThreshold(rawTarget),
    targetDefaulted: rawTarget === undefined,
    activationKey: th.activation,
    activation: rawActivation === undefined ? th.activationDefault : parseThreshold(rawActivation),
    activationDefaulted: rawActivation === undefined,
    metricType: trigger.metricType === 'Value' ? 'Value' : 'AverageValue',
  };
}
