/**
 * One HPA metric spec → a replica proposal, its `currentMetrics` entry, and the failure texts, as
 * `computeReplicasForMetric` and the `computeStatusFor*Metric` functions of kubernetes
 * `pkg/controller/podautoscaler/horizontal.go` produce them (metric names such as
 * `cpu resource utilization (percentage of request)`, errors wrapped the upstream way).
 */
import {
  formatMilliQuantity, goLabelSelector, perPodValueReplicas, plainMetricReplicas, resourceUtilizationReplicas,
  usageRatioReplicas, type CalculatorOptions, type MetricProposal, type PodSample,
} from '@/lib/hpa';
import type { KubeObject } from '@/lib/k8s/object';
import { parseQuantity } from '@/lib/k8s/quantity';
import type { MetricsRegistry } from '../runtime/metrics';
import type { MetricSources } from './metric-sources';

export interface MetricInput {
  namespace: string;
  target: { kind: string; namespace: string; name: string };
  specReplicas: number;
  statusReplicas: number;
  pods: KubeObject[];
  samples: PodSample[];
  options: CalculatorOptions;
  sources: MetricSources;
  external: MetricsRegistry;
}

export interface MetricOutcome {
  proposal: MetricProposal;
  /** The `status.currentMetrics` entry; `{ type: '' }` for a failed metric, as upstream leaves it. */
  status: Record<string, unknown>;
  /** The Warning event upstream records for a failure (`getUnableComputeReplicaCountCondition`). */
  event?: { reason: string; message: string };
}

type Target = { type?: string; averageUtilization?: number; averageValue?: string | number; value?: string | number };
type MetricSpec = Record<string, { name?: string; container?: string; target?: Target; metric?: { name?: string; selector?: unknown }; describedObject?: { kind?: string; name?: string; apiVersion?: string } }> & { type?: string };

const milli = (q: string | number | undefined): number | undefined => {
  const v = parseQuantity(q);
  return v === undefined ? undefined : Math.round(v * 1000);
};

function failed(reason: string, eventError: string, wrapped: string): MetricOutcome {
  return { proposal: { ok: false, error: wrapped, reason, conditionError: eventError }, status: { type: '' }, event: { reason, message: eventError } };
}

function resource(spec: MetricSpec, i: MetricInput, container: boolean): MetricOutcome {
  const src = (container ? spec.containerResource : spec.resource) ?? {};
  const name = src.name ?? '';
  const reason = container ? 'FailedGetContainerResourceMetric' : 'FailedGetResourceMetric';
  const outer = container ? `failed to get ${src.container ?? ''} container metric value` : `failed to get ${name} resource metric value`;
  const fail = (inner: string) => failed(reason, inner, `${outer}: ${inner}`);
  const target = src.target ?? {};
  const averageValue = milli(target.averageValue);
  const metrics = i.sources.resourceMetrics(i.target, i.pods, name, container ? (src.container ?? '') : '');
  const what = averageValue !== undefined ? `failed to get ${name} usage` : `failed to get ${name} utilization`;
  if (averageValue === undefined && target.averageUtilization === undefined) {
    return fail('invalid resource metric source: neither an average utilization target nor an average value (usage) target was set');
  }
  if (!metrics.ok) return fail(`${what}: unable to get metrics for resource ${name}: ${metrics.error}`);
  const key = container ? 'containerResource' : 'resource';
  const base = container ? { name, container: src.container } : { name };
  if (averageValue !== undefined) {
    const r = plainMetricReplicas(i.specReplicas, averageValue, name, i.samples, metrics.value, i.options);
    if (!r.ok) return fail(`${what}: ${r.error}`);
    return { proposal: { ok: true, replicas: r.replicas, metric: `${name} resource` }, status: { type: container ? 'ContainerResource' : 'Resource', [key]: { ...base, current: { averageValue: formatMilliQuantity(r.usage) } } } };
  }
  const r = resourceUtilizationReplicas(i.specReplicas, target.averageUtilization!, name, container ? (src.container ?? '') : '', i.samples, metrics.value, i.options);
  if (!r.ok) return fail(`${what}: ${r.error}`);
  const metric = container ? `${name} container resource utilization (percentage of request)` : `${name} resource utilization (percentage of request)`;
  return { proposal: { ok: true, replicas: r.replicas, metric }, status: { type: container ? 'ContainerResource' : 'Resource', [key]: { ...base, current: { averageUtilization: r.utilization, averageValue: formatMilliQuantity(r.rawAverage) } } } };
}

function pods(spec: MetricSpec, i: MetricInput): MetricOutcome {
  const src = spec.pods ?? {};
  const name = src.metric?.name ?? '';
  const fail = (inner: string) => failed('FailedGetPodsMetric', inner, `failed to get pods metric value: ${inner}`);
  const target = milli(src.target?.averageValue) ?? 0;
  const metrics = i.sources.podsMetric(i.namespace, name, i.pods);
  if (!metrics.ok) return fail(`unable to get metric ${name}: ${metrics.error}`);
  const r = plainMetricReplicas(i.specReplicas, target, '', i.samples, metrics.value, i.options);
  if (!r.ok) return fail(r.error);
  return { proposal: { ok: true, replicas: r.replicas, metric: `pods metric ${name}` }, status: { type: 'Pods', pods: { metric: src.metric, current: { averageValue: formatMilliQuantity(r.usage) } } } };
}

function object(spec: MetricSpec, i: MetricInput): MetricOutcome {
  const src = spec.object ?? {};
  const name = src.metric?.name ?? '';
  const described = src.describedObject ?? {};
  const value = milli(src.target?.value);
  const average = milli(src.target?.averageValue);
  const fail = (inner: string, outer = inner) => failed('FailedGetObjectMetric', inner, `failed to get object metric value: ${outer}`);
  // Upstream's format string has its arguments shifted ("unable to get metric %s: %v on %s %s/%s"
  // with the kind first and the error last), so this is the text users actually see.
  const unable = (error: string) => `unable to get metric ${name}: ${described.kind ?? ''} on ${i.namespace} ${described.name ?? ''}/${error}`;
  if (src.target?.type === 'Value' && value !== undefined) {
    const m = i.sources.objectMetric(i.namespace, name, described);
    if (!m.ok) return fail(unable(m.error));
    const r = usageRatioReplicas(i.specReplicas, m.value / value, i.samples, i.options.tolerance);
    if (!r.ok) return fail(r.error);
    return { proposal: { ok: true, replicas: r.replicas, metric: `${described.kind ?? ''} metric ${name}` }, status: { type: 'Object', object: { describedObject: described, metric: src.metric, current: { value: formatMilliQuantity(m.value) } } } };
  }
  if (src.target?.type === 'AverageValue' && average !== undefined) {
    const m = i.sources.objectMetric(i.namespace, name, described);
    if (!m.ok) return fail(unable(m.error), `failed to get ${name} object metric: ${unable(m.error)}`);
    const r = perPodValueReplicas(i.statusReplicas, average, m.value, i.options.tolerance);
    // Upstream names this proposal "external metric …" too.
    return { proposal: { ok: true, replicas: r.replicas, metric: `external metric ${name}(${goLabelSelector(src.metric?.selector)})` }, status: { type: 'Object', object: { describedObject: described, metric: src.metric, current: { averageValue: formatMilliQuantity(r.averageUsage) } } } };
  }
  return fail('invalid object metric source: neither a value target nor an average value target was set');
}

function external(spec: MetricSpec, i: MetricInput): MetricOutcome {
  const src = spec.external ?? {};
  const name = src.metric?.name ?? '';
  const selector = src.metric?.selector as { matchLabels?: Record<string, string> } | undefined;
  const label = `external metric ${name}(${goLabelSelector(selector)})`;
  const value = milli(src.target?.value);
  const average = milli(src.target?.averageValue);
  const outer = (inner: string) => (average !== undefined ? `failed to get ${name} external metric: ${inner}` : `failed to get external metric ${name}: ${inner}`);
  const fail = (inner: string) => failed('FailedGetExternalMetric', inner, `failed to get ${name} external metric value: ${outer(inner)}`);
  if (average === undefined && value === undefined) {
    const msg = 'invalid external metric source: neither a value target nor an average value target was set';
    return failed('FailedGetExternalMetric', msg, `failed to get ${name} external metric value: ${msg}`);
  }
  const reading = i.external.readExternal(i.namespace, name, selector?.matchLabels ?? {});
  if ('error' in reading) return fail(`unable to get external metric ${i.namespace}/${name}/${goLabelSelector(selector)}: ${reading.error}`);
  const usage = Math.round(reading.value * 1000);
  if (average !== undefined) {
    const r = perPodValueReplicas(i.statusReplicas, average, usage, i.options.tolerance);
    return { proposal: { ok: true, replicas: r.replicas, metric: label }, status: { type: 'External', external: { metric: src.metric, current: { averageValue: formatMilliQuantity(r.averageUsage) } } } };
  }
  const r = usageRatioReplicas(i.specReplicas, usage / value!, i.samples, i.options.tolerance);
  if (!r.ok) return fail(r.error);
  return { proposal: { ok: true, replicas: r.replicas, metric: label }, status: { type: 'External', external: { metric: src.metric, current: { value: formatMilliQuantity(usage) } } } };
}

/** Computes one entry of `spec.metrics`. */
export function computeMetric(spec: unknown, input: MetricInput): MetricOutcome {
  const s = (spec ?? {}) as MetricSpec;
  switch (s.type) {
    case 'Resource': return resource(s, input, false);
    case 'ContainerResource': return resource(s, input, true);
    case 'Pods': return pods(s, input);
    case 'Object': return object(s, input);
    case 'External': return external(s, input);
    default: {
      const msg = `unknown metric source type ${JSON.stringify(String(s.type ?? ''))}`;
      return failed('InvalidMetricSourceType', msg, msg);
    }
  }
}
