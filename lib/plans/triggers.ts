/**
 * HPA metrics → KEDA triggers. Resource and ContainerResource cpu/memory metrics have an exact KEDA
 * equivalent (the `cpu`/`memory` scalers build the very same HPA metric); Pods, Object and External
 * metrics come from a metrics adapter KEDA does not talk to, so the user supplies a trigger for
 * them (`options.triggers[<metric index>]`), e.g. a Prometheus query.
 */
import { at, list, num, str, stringMap } from '../k8s/fields';
import { isRecord, type JsonObject, type JsonValue, type KubeObject } from '../k8s/object';

/** One HPA metric and what became of it. */
export interface MetricConversion {
  index: number;
  /** `cpu 80%`, `queue_depth 30 (External)` … */
  label: string;
  trigger?: JsonObject;
  /** Why no trigger: the metric needs user input, or the given trigger is malformed. */
  problem?: string;
  /** An example trigger to supply, for metrics without an automatic equivalent. */
  example?: JsonObject;
}

export interface TriggerConversion {
  metrics: MetricConversion[];
  triggers: JsonObject[];
  /** Whether every metric yielded a trigger. */
  complete: boolean;
}

/** The quantity text of a target value (`500m`, `30`), whether the API sent a string or a number. */
function quantityText(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function resourceTrigger(source: unknown, container?: string): { trigger?: JsonObject; label: string; problem?: string } {
  const name = str(at(source, 'name')) ?? '';
  const target = at(source, 'target');
  const type = str(at(target, 'type'));
  const where = container ? ` of container ${container}` : '';
  if (name !== 'cpu' && name !== 'memory') return { label: `${name || 'unnamed'} resource${where}`, problem: `KEDA's resource scalers handle cpu and memory only, not ${name || 'an unnamed resource'}` };
  const metadata: JsonObject = {};
  let metricType: string;
  let label: string;
  if (type === 'Utilization') {
    const u = num(at(target, 'averageUtilization'));
    if (u === undefined) return { label: `${name}${where}`, problem: `target type Utilization without averageUtilization` };
    metricType = 'Utilization';
    metadata.value = String(Math.trunc(u));
    label = `${name} ${Math.trunc(u)}%${where}`;
  } else if (type === 'AverageValue') {
    const v = quantityText(at(target, 'averageValue'));
    if (v === undefined) return { label: `${name}${where}`, problem: `target type AverageValue without averageValue` };
    metricType = 'AverageValue';
    metadata.value = v;
    label = `${name} ${v} per pod${where}`;
  } else {
    return { label: `${name}${where}`, problem: `target type ${type ?? '(none)'} is not Utilization or AverageValue` };
  }
  if (container) metadata.containerName = container;
  return { trigger: { type: name, metricType, metadata }, label };
}

/** A Prometheus trigger the user can start from: the metric's name and labels, its target as threshold. */
function prometheusExample(metricName: string, selector: Record<string, string>, threshold: string, metricType: 'AverageValue' | 'Value', extra: Record<string, string> = {}): JsonObject {
  const labels = Object.entries({ ...selector, ...extra }).map(([k, v]) => `${k}="${v}"`).join(',');
  return {
    type: 'prometheus',
    metricType,
    metadata: { serverAddress: 'http://prometheus-server.monitoring.svc:9090', query: `sum(${metricName}{${labels}})`, threshold },
  };
}

function customMetric(type: string, source: unknown, namespace: string, workload: string): { label: string; example: JsonObject } {
  const metric = at(source, 'metric');
  const name = str(at(metric, 'name')) ?? 'metric';
  const selector = stringMap(at(metric, 'selector', 'matchLabels'));
  const target = at(source, 'target');
  const valueType = str(at(target, 'type')) === 'Value' ? 'Value' : 'AverageValue';
  const threshold = quantityText(at(target, valueType === 'Value' ? 'value' : 'averageValue')) ?? '1';
  const extra: Record<string, string> = type === 'Pods' ? { namespace, pod: `${workload}-.*` } : type === 'Object' ? { namespace } : {};
  const example = prometheusExample(name, selector, threshold, valueType, extra);
  if (type === 'Pods') {
    // `pod=~"x-.*"` is a regex match; the example keeps it readable and the user adapts it.
    const md = example.metadata as JsonObject;
    md.query = String(md.query).replace(`pod="${workload}-.*"`, `pod=~"${workload}-.*"`);
  }
  return { label: `${name} ${threshold}${valueType === 'AverageValue' ? ' per pod' : ''} (${type})`, example };
}

/** Checks a user-supplied trigger has KEDA's shape: a `type` and string-valued `metadata`. */
export function triggerProblem(t: JsonValue | undefined): string | undefined {
  if (!isRecord(t)) return 'the trigger given for it is not an object';
  if (typeof t.type !== 'string' || t.type === '') return 'the trigger given for it has no `type`';
  if (!isRecord(t.metadata)) return 'the trigger given for it has no `metadata` map';
  const bad = Object.entries(t.metadata).find(([, v]) => typeof v !== 'string');
  if (bad) return `metadata.${bad[0]} of the trigger given for it must be a string (KEDA's metadata is a map of strings)`;
  if (t.metricType !== undefined && !['AverageValue', 'Value', 'Utilization'].includes(String(t.metricType))) return `metricType ${JSON.stringify(t.metricType)} of the trigger given for it is not AverageValue, Value or Utilization`;
  return undefined;
}

/**
 * Converts every metric of an HPA. `given` holds user triggers by metric index; a given trigger
 * also replaces an automatic conversion (the user may prefer a Prometheus query over cpu).
 */
export function convertMetrics(hpa: KubeObject, given: Record<string, JsonValue> | undefined, workloadName: string): TriggerConversion {
  const namespace = hpa.metadata.namespace ?? '';
  const metrics: MetricConversion[] = list(at(hpa.spec, 'metrics')).map((m, index) => {
    const type = str(at(m, 'type')) ?? '';
    const user = given && Object.prototype.hasOwnProperty.call(given, String(index)) ? given[String(index)] : undefined;
    let auto: { trigger?: JsonObject; label: string; problem?: string; example?: JsonObject };
    if (type === 'Resource') auto = resourceTrigger(at(m, 'resource'));
    else if (type === 'ContainerResource') auto = resourceTrigger(at(m, 'containerResource'), str(at(m, 'containerResource', 'container')) ?? '');
    else if (type === 'Pods' || type === 'Object' || type === 'External') {
      const c = customMetric(type, at(m, type.toLowerCase()), namespace, workloadName);
      auto = { label: c.label, example: c.example, problem: `a ${type} metric comes from a metrics adapter KEDA does not read; give a KEDA trigger for it` };
    } else auto = { label: `${type || 'untyped'} metric`, problem: `metric type ${type || '(none)'} is unknown` };
    if (user !== undefined) {
      const problem = triggerProblem(user);
      return problem ? { index, label: auto.label, problem, example: auto.example } : { index, label: auto.label, trigger: structuredClone(user) as JsonObject };
    }
    return { index, label: auto.label, trigger: auto.trigger, problem: auto.trigger ? undefined : auto.problem, example: auto.example };
  });
  const triggers = metrics.flatMap((m) => (m.trigger ? [m.trigger] : []));
  return { metrics, triggers, complete: metrics.length > 0 && metrics.every((m) => m.trigger) };
}
